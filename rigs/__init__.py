"""Drivers for bench hardware (and the simulator, which is one more rig)."""
