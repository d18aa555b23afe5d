/**
 * The Standard Schema interface (https://standardschema.dev), which zod, valibot and arktype
 * implement. Banter validates plugin options through it, so any of them works; the official plugins
 * use zod. The spec asks implementers to copy these types rather than depend on a package.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardSchemaV1.Props<Input, Output>
}

/** Types of the Standard Schema spec. */
export declare namespace StandardSchemaV1 {
  /** The `~standard` property. */
  export interface Props<Input = unknown, Output = Input> {
    readonly version: 1
    readonly vendor: string
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>
    readonly types?: Types<Input, Output> | undefined
  }
  /** Validation result. */
  export type Result<Output> = SuccessResult<Output> | FailureResult
  /** Success. */
  export interface SuccessResult<Output> {
    readonly value: Output
    readonly issues?: undefined
  }
  /** Failure. */
  export interface FailureResult {
    readonly issues: ReadonlyArray<Issue>
  }
  /** One problem. */
  export interface Issue {
    readonly message: string
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined
  }
  /** A path segment object. */
  export interface PathSegment {
    readonly key: PropertyKey
  }
  /** Type carriers. */
  export interface Types<Input = unknown, Output = Input> {
    readonly input: Input
    readonly output: Output
  }
  /** The output type of a schema. */
  export type InferOutput<Schema extends StandardSchemaV1> = NonNullable<
    Schema['~standard']['types']
  >['output']
}
