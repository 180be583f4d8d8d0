using Tickwatch.Gateway.Forensics;
using Tickwatch.Gateway.Hosting;

namespace Tickwatch.Gateway.Tests.Forensics;

public sealed class ShownPriceOptionsValidatorUnitTests
{
    [Fact]
    public void The_defaults_pass_and_every_bad_bound_is_named_at_once()
    {
        var validator = new ShownPriceOptionsValidator();

        var defaults = validator.Validate(null, new ShownPriceOptions());
        var bad = validator.Validate(null, new ShownPriceOptions { ShownWindow = TimeSpan.Zero, ShownPerSymbol = 100_000, MaxUsers = 0, MaxBytes = 1024 });

        Assert.True(defaults.Succeeded);
        Assert.Equal(
            [
                "Gateway:Forensics:ShownWindow must be positive (was 00:00:00).",
                "Gateway:Forensics:ShownPerSymbol must be at most 65536 (was 100000).",
                "Gateway:Forensics:MaxUsers must be at least 1 (was 0).",
                "Gateway:Forensics:MaxBytes must be at least 16777216 (16 MiB; was 1024).",
            ],
            bad.Failures);
    }
}
