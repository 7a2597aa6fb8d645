"""The signed QR payload: encode, sign, decode, verify; keys and trust store. No Qt."""
