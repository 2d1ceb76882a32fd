/** Documentation carried by every definition; the docs site and tables are generated from it. */
export interface ActivationDocs {
  readonly name: string;
  /** The formula in LaTeX, e.g. `f(x)=\max(0,x)`. */
  readonly latex: string;
  /** One paragraph: what it does and when to use it. */
  readonly description: string;
  /** How the definition behaves at kinks and special values (NaN, infinities). */
  readonly conventions?: string;
  /** Names in other libraries, with their differing defaults where they differ. */
  readonly aliases?: {
    readonly pytorch?: string;
    readonly keras?: string;
    readonly onnx?: string;
    readonly tfjs?: string;
  };
  readonly paper?: {
    readonly title: string;
    readonly authors?: string;
    readonly year?: number;
    readonly url?: string;
  };
  readonly properties?: {
    readonly monotonic?: boolean;
    readonly boundedBelow?: boolean;
    readonly boundedAbove?: boolean;
    readonly smooth?: boolean;
    readonly zeroCentered?: boolean;
    readonly selfNormalizing?: boolean;
  };
}
