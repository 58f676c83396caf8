"""OIOI v4 over HTTP: the roaming hub (``/api/v4/request``) and the simulated CPO's endpoint."""
