"""The copy-task training loop of grader/copytask/train-loop.ts in PyTorch (CPU, float64), for
`npm run bench`: same sizes, same number of steps, fresh random batches, a linear softmax readout
on an nn.LSTM, mean cross-entropy over all positions, global-norm clipping, Adam.

Usage: /usr/bin/python3 grader/bench/torch_copy.py '<json config>'  ->  one JSON line on stdout
(config: the CopyTaskConfig fields plus steps, threads, and optionally warmup and repeats).
"""
import json
import sys
import time

import torch


def main() -> None:
    config = json.loads(sys.argv[1])
    K, S, T = config["symbols"], config["length"], config["delay"]
    H, B, steps = config["hidden"], config["batch"], config["steps"]
    threads = config.get("threads", 1)
    torch.set_num_threads(threads)
    torch.manual_seed(config["seed"])
    dtype = torch.float64
    D, C, L = K + 2, K + 1, T + 2 * S

    lstm = torch.nn.LSTM(D, H, batch_first=True).to(dtype)
    readout = torch.nn.Linear(H, C).to(dtype)
    params = list(lstm.parameters()) + list(readout.parameters())
    adam = torch.optim.Adam(params, lr=config["learningRate"])
    eye = torch.eye(D, dtype=dtype)

    def batch():
        symbols = torch.randint(1, K + 1, (B, S))
        inputs = torch.zeros(B, L, dtype=torch.long)
        targets = torch.zeros(B, L, dtype=torch.long)
        inputs[:, :S] = symbols
        inputs[:, T + S - 1] = K + 1
        targets[:, T + S:] = symbols
        return eye[inputs], targets

    def step():
        x, y = batch()
        hs, _ = lstm(x)
        loss = torch.nn.functional.cross_entropy(readout(hs).reshape(B * L, C), y.reshape(B * L))
        adam.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, config["clipNorm"])
        adam.step()
        return loss.item()

    for _ in range(config.get("warmup", 20)):
        step()
    # Several timed runs of `steps` steps; the median is reported, as for the TypeScript rows.
    runs = []
    loss = 0.0
    for _ in range(config.get("repeats", 1)):
        started = time.perf_counter()
        for _ in range(steps):
            loss = step()
        runs.append(time.perf_counter() - started)
    seconds = sorted(runs)[len(runs) // 2]
    print(json.dumps({"seconds": seconds, "runs": runs, "steps": steps, "threads": threads, "torch": torch.__version__, "lastLoss": loss}))


if __name__ == "__main__":
    main()
