"""The sample software that RODARE's HERMES test publishes."""

print("Hello from Rossendorf")
