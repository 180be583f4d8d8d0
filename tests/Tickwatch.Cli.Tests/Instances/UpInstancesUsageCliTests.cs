using System.Diagnostics;

namespace Tickwatch.Cli.Tests.Instances;

/// <summary><c>tickwatch up</c> refuses a bad <c>--instances</c> or a <c>--redis</c> without it at once, with a clear line and exit code 2, starting nothing.</summary>
public sealed class UpInstancesUsageCliTests
{
    [Theory]
    [InlineData(new[] { "--instances", "1" }, "--instances '1' must be a whole number from 2 to 16")]
    [InlineData(new[] { "--instances", "0" }, "--instances '0' must be a whole number from 2 to 16")]
    [InlineData(new[] { "--instances", "17" }, "--instances '17' must be a whole number from 2 to 16")]
    [InlineData(new[] { "--instances", "two" }, "--instances 'two' must be a whole number from 2 to 16")]
    [InlineData(new[] { "--instances", "-2" }, "must be a whole number from 2 to 16")]
    [InlineData(new[] { "--redis", "127.0.0.1:7000" }, "--redis goes with --instances")]
    public async Task A_usage_error_exits_with_code_2_and_says_why(string[] arguments, string message)
    {
        var directory = Directory.CreateTempSubdirectory("tickwatch-up-usage-");
        try
        {
            var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "tickwatch"))
            {
                WorkingDirectory = directory.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in arguments.Prepend("up"))
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(2, process.ExitCode);
            Assert.Contains(message, await errors, StringComparison.Ordinal);
            Assert.DoesNotContain("Started", await output, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(directory.FullName, ".tickwatch")), "nothing was started");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
