"""Developer tooling: the embedded RODARE-RDM stack (services, setup, supervisor)."""
