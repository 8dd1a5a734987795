/**
 * Adam (Kingma & Ba 2015) and global-norm gradient clipping (Pascanu, Mikolov & Bengio 2013)
 * over a list of parameter arrays, updated in place without allocating. Shared by the trusted
 * training loops of the copy task and the sequence tasks; the sandbox stages it with them
 * (grader/sandbox/stage.ts stages what a task module requires), so it imports nothing.
 */

export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export const ADAM_DEFAULTS: Omit<AdamSettings, 'learningRate'> = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

export class Adam {
  private readonly firstMoments: Float64Array[];
  private readonly secondMoments: Float64Array[];
  private steps = 0;

  constructor(
    private readonly parameters: Float64Array[],
    private readonly settings: AdamSettings,
  ) {
    this.firstMoments = parameters.map((p) => new Float64Array(p.length));
    this.secondMoments = parameters.map((p) => new Float64Array(p.length));
  }

  /** One update p ← p − lr·m̂ / (√v̂ + ε) with bias-corrected moments; lr defaults to the settings'. */
  step(gradients: Float64Array[], learningRate = this.settings.learningRate): void {
    if (gradients.length !== this.parameters.length) {
      throw new RangeError(`Adam.step: argument gradients must hold ${this.parameters.length} arrays, got ${gradients.length}`);
    }
    const { beta1, beta2, epsilon } = this.settings;
    this.steps++;
    const correction1 = 1 - beta1 ** this.steps;
    const correction2 = 1 - beta2 ** this.steps;
    for (let j = 0; j < this.parameters.length; j++) {
      const p = this.parameters[j];
      const g = gradients[j];
      const m = this.firstMoments[j];
      const v = this.secondMoments[j];
      for (let k = 0; k < p.length; k++) {
        m[k] = beta1 * m[k] + (1 - beta1) * g[k];
        v[k] = beta2 * v[k] + (1 - beta2) * g[k] * g[k];
        p[k] -= (learningRate * (m[k] / correction1)) / (Math.sqrt(v[k] / correction2) + epsilon);
      }
    }
  }
}

/**
 * Scales all gradients together so that their joint Euclidean norm is at most `maxNorm`;
 * returns the norm before clipping.
 */
export function clipGlobalNorm(gradients: Float64Array[], maxNorm: number): number {
  let squares = 0;
  for (const g of gradients) for (let k = 0; k < g.length; k++) squares += g[k] * g[k];
  const norm = Math.sqrt(squares);
  if (norm > maxNorm) {
    const scale = maxNorm / norm;
    for (const g of gradients) for (let k = 0; k < g.length; k++) g[k] *= scale;
  }
  return norm;
}
