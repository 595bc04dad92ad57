"""The payment-code scanner on a serial (or virtual COM) port."""
