namespace Tickwatch.BenchSupport.Tests;

public sealed class CpuAffinityUnitTests
{
    [Theory]
    [InlineData("0", new[] { 0 })]
    [InlineData("0-1", new[] { 0, 1 })]
    [InlineData("0-2,5", new[] { 0, 1, 2, 5 })]
    [InlineData("3, 1-2 ,1", new[] { 1, 2, 3 })]
    public void A_cpu_list_as_proc_writes_it_gives_its_cpus_in_order(string list, int[] cpus) =>
        Assert.Equal(cpus, CpuAffinity.Parse(list));
}
