"""ROBIS first: every HZDR publication is registered in ROBIS before RODARE publishes it."""
