/** The part of ipp-encoder (an untyped CommonJS package) the CUPS client uses. */
declare module 'ipp-encoder' {
  export interface IppAttribute {
    tag: number;
    name: string;
    value: unknown[];
  }
  export interface IppGroup {
    tag: number;
    attributes: IppAttribute[];
  }
  export interface IppMessage {
    version?: { major: number; minor: number };
    operationId?: number;
    statusCode?: number;
    requestId: number;
    groups: IppGroup[];
  }
  export interface Codec {
    encode(message: IppMessage): Buffer;
    decode(buffer: Buffer): IppMessage;
  }
  const ipp: {
    request: Codec;
    response: Codec;
    CONSTANTS: Readonly<Record<string, number>>;
  };
  export default ipp;
}
