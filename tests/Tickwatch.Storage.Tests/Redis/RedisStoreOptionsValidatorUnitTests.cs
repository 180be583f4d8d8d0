using Microsoft.Extensions.Configuration;
using Tickwatch.Storage.Redis;

namespace Tickwatch.Storage.Tests.Redis;

public sealed class RedisStoreOptionsValidatorUnitTests
{
    [Fact]
    public void The_defaults_and_a_seed_list_are_valid()
    {
        var validator = new RedisStoreOptionsValidator();

        Assert.True(validator.Validate(null, new RedisStoreOptions()).Succeeded);
        Assert.True(validator.Validate(null, new RedisStoreOptions { Configuration = "127.0.0.1:7101,127.0.0.1:7102", Password = "secret" }).Succeeded);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = new RedisStoreOptions
        {
            Configuration = "127.0.0.1:7101,password=hunter2",
            ConnectTimeout = TimeSpan.Zero,
            SyncTimeout = TimeSpan.FromHours(1),
            NodeProbeTimeout = TimeSpan.FromMilliseconds(-1),
            ClientName = "two words",
        };

        var errors = new RedisStoreOptionsValidator().Errors(options);

        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Redis:ConnectTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Redis:SyncTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Redis:NodeProbeTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Redis:ClientName", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("must not contain the password", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void The_listener_check_of_market_price_updates_may_be_zero_but_not_negative()
    {
        var validator = new RedisStoreOptionsValidator();

        Assert.Empty(validator.Errors(new RedisStoreOptions { SymbolUpdatesListenerCheck = TimeSpan.Zero }));
        Assert.StartsWith("Redis:SymbolUpdatesListenerCheck", Assert.Single(validator.Errors(new RedisStoreOptions { SymbolUpdatesListenerCheck = TimeSpan.FromSeconds(-1) })), StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_without_a_cluster_is_a_mistake()
    {
        var errors = new RedisStoreOptionsValidator().Errors(new RedisStoreOptions { Password = "secret" });

        Assert.Single(errors);
    }

    [Fact]
    public void A_password_from_a_file_or_the_command_line_is_refused_and_one_from_the_environment_is_not()
    {
        var path = Path.Combine(Path.GetTempPath(), "tickwatch-redis-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, """{ "Redis": { "Configuration": "127.0.0.1:7101", "Password": "from-file" } }""");
        try
        {
            var fromFile = new ConfigurationBuilder().AddJsonFile(path).AddCommandLine(["--Redis:Password", "from-switch"]).Build();
            Environment.SetEnvironmentVariable("TWTEST_Redis__Password", "from-env");
            var fromEnvironment = new ConfigurationBuilder().AddEnvironmentVariables("TWTEST_").Build();

            var fileErrors = new RedisStoreOptionsValidator(fromFile).Errors(new RedisStoreOptions { Configuration = "127.0.0.1:7101", Password = "x" });
            var environmentErrors = new RedisStoreOptionsValidator(fromEnvironment).Errors(new RedisStoreOptions { Configuration = "127.0.0.1:7101", Password = "x" });

            Assert.Equal(2, fileErrors.Count);
            Assert.All(fileErrors, e => Assert.Contains("must come from the environment", e, StringComparison.Ordinal));
            Assert.Empty(environmentErrors);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TWTEST_Redis__Password", null);
            File.Delete(path);
        }
    }

    [Fact]
    public void The_password_is_never_shown()
    {
        var options = new RedisStoreOptions { Configuration = "127.0.0.1:7101", Password = "hunter2" };

        Assert.DoesNotContain("hunter2", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("password set (***)", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", RedisConnection.CreateConfiguration(options).ToString(includePassword: false), StringComparison.Ordinal);
    }

    [Fact]
    public void The_client_survives_a_cluster_that_is_down_and_fails_fast_while_it_is()
    {
        var configuration = RedisConnection.CreateConfiguration(new RedisStoreOptions { Configuration = "127.0.0.1:7101,127.0.0.1:7102", SyncTimeout = TimeSpan.FromSeconds(3) });

        Assert.False(configuration.AbortOnConnectFail);
        Assert.Equal(StackExchange.Redis.BacklogPolicy.FailFast, configuration.BacklogPolicy);
        Assert.Equal(3000, configuration.SyncTimeout);
        Assert.Equal(3000, configuration.AsyncTimeout);
        Assert.Equal(2, configuration.EndPoints.Count);
    }
}
