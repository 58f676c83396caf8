"""OIOI v4 roaming: the hub (e-mobility provider / roaming platform) and the CPO side, pure model."""
