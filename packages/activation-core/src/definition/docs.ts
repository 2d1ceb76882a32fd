/** How another library names an activation, and where its defaults differ from this definition's. */
export interface LibraryAlias {
  readonly name: string;
  /** The library's default of a parameter, by this definition's parameter name, where it differs. */
  readonly defaults?: Readonly<Record<string, number>>;
  /** Anything else a user moving between libraries must know: a fixed parameter, another argument name. */
  readonly note?: string;
}

/** Documentation carried by every definition; the docs site and tables are generated from it. */
export interface ActivationDocs {
  readonly name: string;
  /** The formula in LaTeX, e.g. `f(x)=\max(0,x)`. */
  readonly latex: string;
  /** One paragraph: what it does and when to use it. */
  readonly description: string;
  /** How the definition behaves at kinks and special values (NaN, infinities). */
  readonly conventions?: string;
  /** Names in other libraries: the name alone, or with the library's defaults where they differ. */
  readonly aliases?: {
    readonly pytorch?: string | LibraryAlias;
    readonly keras?: string | LibraryAlias;
    readonly onnx?: string | LibraryAlias;
    readonly tfjs?: string | LibraryAlias;
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
