// The tests start several processes each on a 2-core machine: one test at a time keeps them honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
