using BenchmarkDotNet.Running;
using SyndicationFunctions.Benchmarks;

// Every benchmark class of this assembly; pick with --filter, e.g. --filter '*FeedRendering*'.
BenchmarkSwitcher.FromAssembly(typeof(FeedRenderingBenchmarks).Assembly).Run(args);
