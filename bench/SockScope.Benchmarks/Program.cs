using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/SockScope.Benchmarks -- --filter '*'` runs every suite;
// pass a class name to --filter to run one. Figures and commands go in docs/performance.md.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
