"""Devices gaspos plays itself, for the demo, tests and trying things without hardware: the
SLE4442 chip model, the simulated reader (sim:PATH), the virtual card for vpcd, the meter
simulator, the demo counter's slot, and the lab that drives them."""
