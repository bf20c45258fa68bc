using PersonalApp.Runtime;

namespace PersonalApp.Tests.Runtime;

/// <summary>How many load contexts a process can hold, and what an operator is told when a catalog could exceed it.</summary>
public sealed class LoadContextCapacityTests
{
    [Fact]
    public void Of_LinuxDefaultLimit_LeavesRoomForTheHostAndCountsEightMappingsAContext()
    {
        Assert.Equal((65_530 - LoadContextCapacity.ReservedMappings) / LoadContextCapacity.MappingsPerContext, LoadContextCapacity.Of(65_530));
        Assert.Equal(0, LoadContextCapacity.Of(5_000));
        Assert.Null(LoadContextCapacity.Of(null));
    }

    [Fact]
    public void Warning_CatalogThatFits_SaysNothing()
    {
        Assert.Null(LoadContextCapacity.Warning(4_000, 65_530));
        Assert.Null(LoadContextCapacity.Warning(1_000_000, null));
    }

    [Fact]
    public void Warning_CatalogLargerThanTheProcessCanHold_NamesTheCountsAndTheSettingToRaise()
    {
        var warning = LoadContextCapacity.Warning(10_000, 65_530);

        Assert.NotNull(warning);
        Assert.Contains("10,000 active plugins", warning, StringComparison.Ordinal);
        Assert.Contains("about 6,941 load contexts", warning, StringComparison.Ordinal);
        Assert.Contains("sysctl -w vm.max_map_count=90000", warning, StringComparison.Ordinal);
        Assert.Contains("isolated worker", warning, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void ReadMaxMapCount_OnLinux_ReadsTheKernelsLimit()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "vm.max_map_count is a Linux setting.");

        Assert.True(LoadContextCapacity.ReadMaxMapCount() > 0);
    }
}
