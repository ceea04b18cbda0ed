using SockScope.Analysis;

namespace SockScope.Analysis.Tests;

public sealed class AnalysisAssemblyTests
{
    [Fact]
    public void TheAssemblyNamesItself() =>
        Assert.Equal(AnalysisAssembly.Name, typeof(AnalysisAssembly).Assembly.GetName().Name);
}
