"""Provider clients: one per API, each a client (endpoints), a mapping (API <-> live
model) and a provider (the glue the planner and executor use)."""
