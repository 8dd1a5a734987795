#!/usr/bin/python3
"""Golden vectors for lstm-lab, computed by PyTorch in float64.

An independent implementation (PyTorch's nn.LSTM, nn.LSTMCell and autograd) gives the forward
outputs and the gradients that test/golden.test.ts expects the reference solutions to reproduce.
docs/golden-vectors.md describes the file; in short:

  - PyTorch stacks the four gates in the order i, f, g, o (input, forget, candidate = "g",
    output) in weight_ih (4H x D) and weight_hh (4H x H). Our gate W is H x (H + D) and acts
    on [h_prev; x], hidden part first, so W_gate = [weight_hh[rows of gate] | weight_ih[rows]].
  - PyTorch has two biases; both are random here, and our b = b_ih + b_hh. Their gradients
    are equal (asserted below), and db is that gradient.
  - The loss of every case is L = sum_t <u_t, h_t> + <v, c_T> (sequences) or <u, F(inputs)>
    (single pieces), so the gradients are those of a backward pass called with upstream u, v.

How to run (Debian's python3 with python3-torch; the pyenv python3 first on PATH has no torch):

    /usr/bin/python3 scripts/golden/make_golden.py            # writes test/golden/lstm-golden.json
    /usr/bin/python3 scripts/golden/make_golden.py --out FILE

The output is deterministic for a given PyTorch build (fixed seed, CPU, float64). Python's
float repr is the shortest string that reads back as the same double, so JSON carries every
value exactly.
"""
import argparse
import json
import os
import sys

import torch

SEED = 20261126
DTYPE = torch.float64
# Relative tolerance the TypeScript test uses: |a - b| <= REL_TOL * max(1, |b|).
REL_TOL = 1e-10
# The script's own cross-checks between PyTorch's modules and the gate equations in torch ops.
CROSS_CHECK = dict(rtol=1e-13, atol=1e-14)

# PyTorch's gate order in the stacked weights, mapped to our names (lib/types.ts LstmParams).
TORCH_GATE_ORDER = ["input", "forget", "candidate", "output"]
# Per-step values under our StepCache names; PyTorch calls them i, f, g, o, c, h.
STEP_NAMES = {"i": "i", "f": "f", "g": "cTilde", "o": "o", "c": "c", "h": "h"}

generator = torch.Generator().manual_seed(SEED)


def uniform(*shape, scale=1.0):
    """Uniform draws from [-scale, scale), from the script's own seeded generator."""
    return (torch.rand(*shape, generator=generator, dtype=DTYPE) * 2 - 1) * scale


def vec(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def mat(t):
    t = t.detach()
    return {"rows": int(t.shape[0]), "cols": int(t.shape[1]), "data": vec(t)}


def leaf(t):
    return t.detach().clone().requires_grad_(True)


def assert_close(actual, expected, what):
    if not torch.allclose(actual, expected, **CROSS_CHECK):
        diff = (actual - expected).abs().max().item()
        sys.exit(f"make_golden: {what} disagree (max |diff| = {diff:.3e})")


# ---------------------------------------------------------------------------------------------
# Sequences: nn.LSTM (autograd) cross-checked with nn.LSTMCell and the equations in torch ops.
# ---------------------------------------------------------------------------------------------

def random_lstm_weights(H, D, scale):
    return {
        "weight_ih": uniform(4 * H, D, scale=scale),
        "weight_hh": uniform(4 * H, H, scale=scale),
        "bias_ih": uniform(4 * H, scale=scale),
        "bias_hh": uniform(4 * H, scale=scale),
    }


def gate_equations(w, xs, h0, c0):
    """The LSTM written out with torch ops: per-step gates i, f, g, o, the states, and every z."""
    H = h0.shape[0]
    h, c = h0, c0
    steps, max_abs_z = [], 0.0
    for x in xs:
        z = w["weight_ih"] @ x + w["bias_ih"] + w["weight_hh"] @ h + w["bias_hh"]
        max_abs_z = max(max_abs_z, z.abs().max().item())
        i = torch.sigmoid(z[0:H])
        f = torch.sigmoid(z[H:2 * H])
        g = torch.tanh(z[2 * H:3 * H])
        o = torch.sigmoid(z[3 * H:4 * H])
        c = f * c + i * g
        h = o * torch.tanh(c)
        steps.append({"i": i, "f": f, "g": g, "o": o, "c": c, "h": h})
    return steps, max_abs_z


def scale_to_saturate(H, D, xs, h0, c0, target):
    """Weights scaled so that the largest pre-activation over the sequence is close to `target`."""
    w = random_lstm_weights(H, D, 1.0)
    factor = 1.0
    for _ in range(20):
        scaled = {k: v * factor for k, v in w.items()}
        _, max_abs_z = gate_equations(scaled, xs, h0, c0)
        if abs(max_abs_z - target) < 0.5:
            break
        factor *= target / max_abs_z
    return scaled, max_abs_z


def our_params(w, H):
    """PyTorch's stacked i, f, g, o weights -> our four gates, W = [W_hh rows | W_ih rows]."""
    params = {}
    for k, name in enumerate(TORCH_GATE_ORDER):
        rows = slice(k * H, (k + 1) * H)
        W = torch.cat([w["weight_hh"][rows], w["weight_ih"][rows]], dim=1)
        b = w["bias_ih"][rows] + w["bias_hh"][rows]
        params[name] = {"W": mat(W), "b": vec(b)}
    return params


def our_grads(lstm, H):
    grads = {}
    for k, name in enumerate(TORCH_GATE_ORDER):
        rows = slice(k * H, (k + 1) * H)
        dW = torch.cat([lstm.weight_hh_l0.grad[rows], lstm.weight_ih_l0.grad[rows]], dim=1)
        db_ih, db_hh = lstm.bias_ih_l0.grad[rows], lstm.bias_hh_l0.grad[rows]
        assert_close(db_ih, db_hh, f"the two bias gradients of gate {name}")
        grads[name] = {"dW": mat(dW), "db": vec(db_ih)}
    return grads


def lstm_case(name, H, D, T, saturate_to=None):
    xs = uniform(T, D, scale=2.0)
    h0, c0 = uniform(H), uniform(H, scale=2.0)
    if saturate_to is None:
        w = random_lstm_weights(H, D, 1.0)
        _, max_abs_z = gate_equations(w, xs, h0, c0)
    else:
        w, max_abs_z = scale_to_saturate(H, D, xs, h0, c0, saturate_to)
    us, v = uniform(T, H), uniform(H)

    lstm = torch.nn.LSTM(D, H).to(DTYPE)
    cell = torch.nn.LSTMCell(D, H).to(DTYPE)
    with torch.no_grad():
        for module, suffix in ((lstm, "_l0"), (cell, "")):
            for key, value in w.items():
                getattr(module, key + suffix).copy_(value)

    x_leaf, h0_leaf, c0_leaf = leaf(xs), leaf(h0), leaf(c0)
    out, (_, c_last) = lstm(x_leaf.unsqueeze(1), (h0_leaf.view(1, 1, H), c0_leaf.view(1, 1, H)))
    hs = out[:, 0, :]
    loss = (us * hs).sum() + (v * c_last.view(H)).sum()
    loss.backward()

    steps, _ = gate_equations(w, xs, h0, c0)
    with torch.no_grad():
        h, c = h0.view(1, H), c0.view(1, H)
        for t, step in enumerate(steps):
            h, c = cell(xs[t].view(1, D), (h, c))
            assert_close(step["h"], h.view(H), f"{name}: gate equations and nn.LSTMCell h at step {t}")
            assert_close(step["c"], c.view(H), f"{name}: gate equations and nn.LSTMCell c at step {t}")
            assert_close(step["h"], hs[t], f"{name}: gate equations and nn.LSTM h at step {t}")
        assert_close(steps[-1]["c"], c_last.view(H), f"{name}: gate equations and nn.LSTM c_T")

    return {
        "name": name,
        "H": H,
        "D": D,
        "T": T,
        "maxAbsPreactivation": max_abs_z,
        "params": our_params(w, H),
        "xs": [vec(x) for x in xs],
        "h0": vec(h0),
        "c0": vec(c0),
        "forward": [{ours: vec(step[torch_name]) for torch_name, ours in STEP_NAMES.items()} for step in steps],
        "upstream": {"dhs": [vec(u) for u in us], "dcLast": vec(v)},
        "grads": our_grads(lstm, H),
        "dxs": [vec(g) for g in x_leaf.grad],
        "dh0": vec(h0_leaf.grad),
        "dc0": vec(c0_leaf.grad),
    }


# ---------------------------------------------------------------------------------------------
# Single pieces, each from torch ops and autograd of <upstream, output>.
# ---------------------------------------------------------------------------------------------

def activation_case(name, z):
    ds, dt = uniform(z.shape[0]), uniform(z.shape[0])
    z_s, z_t = leaf(z), leaf(z)
    s, t = torch.sigmoid(z_s), torch.tanh(z_t)
    (ds * s).sum().backward()
    (dt * t).sum().backward()
    return {
        "name": name,
        "z": vec(z),
        "sigmoid": vec(s),
        "ds": vec(ds),
        "sigmoidBackward": vec(z_s.grad),
        "tanh": vec(t),
        "dt": vec(dt),
        "tanhBackward": vec(z_t.grad),
    }


def affine_pieces(H, D, saturate_to=None):
    """Random W, b, hPrev, x and z = W [hPrev; x] + b; W and b scaled so max |z| = saturate_to if given."""
    W, b = uniform(H, H + D), uniform(H)
    h_prev, x = leaf(uniform(H)), leaf(uniform(D, scale=2.0))
    if saturate_to is not None:
        factor = saturate_to / (W @ torch.cat([h_prev, x]) + b).abs().max().item()
        W, b = W * factor, b * factor
    W, b = leaf(W), leaf(b)
    z = W @ torch.cat([h_prev, x]) + b
    return W, b, h_prev, x, z


def affine_case(name, H, D):
    W, b, h_prev, x, z = affine_pieces(H, D)
    dz = uniform(H)
    (dz * z).sum().backward()
    return {
        "name": name, "H": H, "D": D,
        "W": mat(W), "b": vec(b), "hPrev": vec(h_prev), "x": vec(x),
        "z": vec(z), "dz": vec(dz),
        "dW": mat(W.grad), "db": vec(b.grad), "dhPrev": vec(h_prev.grad), "dx": vec(x.grad),
    }


GATE_SQUASH = {"forget": torch.sigmoid, "input": torch.sigmoid, "candidate": torch.tanh, "output": torch.sigmoid}


def gate_case(name, kind, H, D, saturate_to=None):
    W, b, h_prev, x, z = affine_pieces(H, D, saturate_to)
    out = GATE_SQUASH[kind](z)
    d_out = uniform(H)
    (d_out * out).sum().backward()
    return {
        "name": name, "gate": kind, "H": H, "D": D, "maxAbsPreactivation": z.abs().max().item(),
        "W": mat(W), "b": vec(b), "hPrev": vec(h_prev), "x": vec(x),
        "out": vec(out), "dOut": vec(d_out),
        "dW": mat(W.grad), "db": vec(b.grad), "dhPrev": vec(h_prev.grad), "dx": vec(x.grad),
    }


def cell_state_case(name, H):
    f, i = leaf(torch.sigmoid(uniform(H, scale=4.0))), leaf(torch.sigmoid(uniform(H, scale=4.0)))
    c_prev, c_tilde = leaf(uniform(H, scale=3.0)), leaf(torch.tanh(uniform(H, scale=2.0)))
    c = f * c_prev + i * c_tilde
    dc = uniform(H)
    (dc * c).sum().backward()
    return {
        "name": name, "H": H,
        "f": vec(f), "cPrev": vec(c_prev), "i": vec(i), "cTilde": vec(c_tilde),
        "c": vec(c), "dc": vec(dc),
        "df": vec(f.grad), "dcPrev": vec(c_prev.grad), "di": vec(i.grad), "dcTilde": vec(c_tilde.grad),
    }


def hidden_state_case(name, H, c_scale):
    o, c = leaf(torch.sigmoid(uniform(H, scale=4.0))), leaf(uniform(H, scale=c_scale))
    h = o * torch.tanh(c)
    dh = uniform(H)
    (dh * h).sum().backward()
    return {
        "name": name, "H": H,
        "o": vec(o), "c": vec(c), "h": vec(h), "dh": vec(dh),
        "do": vec(o.grad), "dc": vec(c.grad),
    }


def build():
    shapes = [(1, 1), (1, 3), (3, 1), (2, 4), (5, 5)]
    lstm = [lstm_case(f"H{H}-D{D}-T{T}", H, D, T) for (H, D) in shapes for T in (1, 3, 6)]
    lstm += [
        lstm_case("saturated-H2-D4-T3", 2, 4, 3, saturate_to=30.0),
        lstm_case("saturated-H3-D1-T6", 3, 1, 6, saturate_to=30.0),
        lstm_case("saturated-H1-D1-T1", 1, 1, 1, saturate_to=30.0),
    ]
    fixed_z = torch.tensor([-30.0, -12.5, -3.0, -1.0, -0.5, 0.0, 0.25, 1.0, 2.0, 7.5, 30.0], dtype=DTYPE)
    activations = [
        activation_case("single", uniform(1, scale=3.0)),
        activation_case("random-6", uniform(6, scale=3.0)),
        activation_case("fixed-with-saturation", fixed_z),
    ]
    affine = [affine_case(f"H{H}-D{D}", H, D) for (H, D) in [(1, 1), (1, 3), (3, 1), (2, 4), (5, 5)]]
    gates = []
    for kind in TORCH_GATE_ORDER:
        gates += [gate_case(f"{kind}-H{H}-D{D}", kind, H, D) for (H, D) in [(1, 1), (3, 2), (5, 5)]]
        gates.append(gate_case(f"{kind}-saturated-H4-D2", kind, 4, 2, saturate_to=30.0))
    cell_state = [cell_state_case(f"H{H}", H) for H in (1, 3, 5)]
    hidden_state = [hidden_state_case(f"H{H}", H, 3.0) for H in (1, 3, 5)]
    hidden_state.append(hidden_state_case("saturated-H4", 4, 30.0))
    return {
        "about": "Golden vectors from PyTorch (float64); see docs/golden-vectors.md.",
        "generator": "scripts/golden/make_golden.py",
        "torchVersion": torch.__version__,
        "seed": SEED,
        "relativeTolerance": REL_TOL,
        "torchGateOrder": TORCH_GATE_ORDER,
        "lstm": lstm,
        "activations": activations,
        "affine": affine,
        "gates": gates,
        "cellState": cell_state,
        "hiddenState": hidden_state,
    }


def write_json(data, path):
    """One line per case, so that a regeneration shows up in git as a readable diff."""
    lines = ["{"]
    keys = list(data)
    for n, key in enumerate(keys):
        comma = "," if n < len(keys) - 1 else ""
        value = data[key]
        if isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"  {json.dumps(key)}: [")
            lines += [f"    {json.dumps(case, separators=(',', ':'))}" + ("," if k < len(value) - 1 else "")
                      for k, case in enumerate(value)]
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value)}{comma}")
    lines.append("}")
    with open(path, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser = argparse.ArgumentParser(description="Write lstm-lab's golden vectors from PyTorch.")
    parser.add_argument("--out", default=os.path.join(root, "test", "golden", "lstm-golden.json"))
    args = parser.parse_args()
    torch.use_deterministic_algorithms(True)
    data = build()
    write_json(data, args.out)
    print(f"wrote {args.out} ({os.path.getsize(args.out)} bytes, {len(data['lstm'])} sequence cases)")


if __name__ == "__main__":
    main()
