// The one Buffer call the base45 package makes (Buffer.from(array of bytes)).
export const Buffer = { from: (a) => Uint8Array.from(a) };
