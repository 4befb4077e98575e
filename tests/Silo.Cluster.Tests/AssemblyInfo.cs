// The fault suite restarts the shared PostgreSQL server and terminates connections: nothing else in
// this project may run beside it.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
