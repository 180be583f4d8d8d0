using System.Text.Json;
using Tickwatch.Hosting;
using Tickwatch.Market.Tests.Diagnosis;

namespace Tickwatch.Market.Tests.Comprehensive;

/// <summary>A feed in <c>websocket_diagnostics.feeds</c> gains <c>role</c> and <c>held_by</c> after its existing fields, renaming none.</summary>
public sealed class FeedSummaryJsonUnitTests
{
    private static readonly JsonSerializerOptions Options = Create();

    [Fact]
    public void A_standby_feed_says_its_role_and_holder_after_the_fields_operators_read()
    {
        var writer = JsonSerializer.SerializeToNode(Snapshots.Feed(), Options)!.AsObject();
        var standby = JsonSerializer.SerializeToNode(Snapshots.Feed() with { Role = "standby", HeldBy = "market-b" }, Options)!.AsObject();

        var keys = standby.Select(p => p.Key).ToList();
        Assert.Equal(["role", "held_by"], keys.TakeLast(2));
        Assert.Contains("is_running", keys);
        Assert.Contains("last_message_age", keys);
        Assert.DoesNotContain("is_standby", keys);
        Assert.DoesNotContain("is_unheld", keys);
        Assert.Equal("standby", standby["role"]!.GetValue<string>());
        Assert.Equal("market-b", standby["held_by"]!.GetValue<string>());
        Assert.Equal("writer", writer["role"]!.GetValue<string>());
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions();
        JsonDefaults.Apply(options);
        return options;
    }
}
