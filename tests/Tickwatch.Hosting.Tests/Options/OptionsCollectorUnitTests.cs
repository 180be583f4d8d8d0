using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tickwatch.Hosting.Options;
using Tickwatch.Hosting.Supervision;

namespace Tickwatch.Hosting.Tests.Options;

/// <summary>The options collector: each section read once, every validator's problems gathered, all reported at once.</summary>
public sealed class OptionsCollectorUnitTests
{
    [Fact]
    public void The_bound_instance_is_what_the_container_hands_out()
    {
        var services = new ServiceCollection();
        var bound = services.AddBoundOptions<SupervisorOptions>(Configuration(("Supervisor:ShutdownTimeout", "00:00:03")), SupervisorOptions.SectionName);

        using var provider = services.BuildServiceProvider();

        Assert.Empty(bound.Errors);
        Assert.Equal(TimeSpan.FromSeconds(3), bound.Value.ShutdownTimeout);
        Assert.Same(bound.Value, provider.GetRequiredService<IOptions<SupervisorOptions>>().Value);
        Assert.Same(bound.Value, provider.GetRequiredService<IOptionsMonitor<SupervisorOptions>>().CurrentValue);
    }

    [Fact]
    public void Every_problem_of_every_area_is_reported_at_once_in_one_exception()
    {
        var services = new ServiceCollection();
        var configuration = Configuration(("Supervisor:ShutdownTimeout", "00:00:00"), ("Supervisor:StableAfter", "-00:00:01"), ("Listen:Port", "70000"));
        var errors = new OptionsErrors();

        errors.Take(services.AddBoundOptions(configuration, SupervisorOptions.SectionName, new SupervisorOptionsValidator()));
        errors.Take(services.AddBoundOptions(configuration, "Listen", new DataAnnotationsValidator<ListenOptions>("Listen")));
        errors.Take(["Feeds: at least one feed must be configured."]);

        var thrown = Assert.Throws<OptionsValidationException>(() => errors.ThrowIfAny(typeof(ListenOptions)));
        Assert.Equal(
            [
                "Supervisor:ShutdownTimeout must be positive (was 00:00:00).",
                "Supervisor:StableAfter must be positive (was -00:00:01).",
                "Listen: The field Port must be between 0 and 65535.",
                "Feeds: at least one feed must be configured.",
            ],
            thrown.Failures);
        Assert.Equal(typeof(ListenOptions), thrown.OptionsType);
    }

    [Fact]
    public void No_problem_no_exception()
    {
        var errors = new OptionsErrors();
        errors.Take(new ServiceCollection().AddBoundOptions(Configuration(), SupervisorOptions.SectionName, new SupervisorOptionsValidator()));

        errors.ThrowIfAny(typeof(SupervisorOptions));

        Assert.Empty(errors.All);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    /// <summary>Options with an attribute, as a host's own listening options have.</summary>
    public sealed class ListenOptions
    {
        [Range(0, 65535)]
        public int Port { get; set; }
    }
}
