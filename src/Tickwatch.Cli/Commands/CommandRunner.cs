using Microsoft.Extensions.Options;
using Tickwatch.Market.Startup;

namespace Tickwatch.Cli.Commands;

/// <summary>Runs a subcommand body, turning configuration errors into a clear message and exit code 2, and a failed critical start-up prerequisite into exit code 3.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync("❌ Configuration is invalid:").ConfigureAwait(false);
            foreach (var failure in e.Failures)
            {
                await Console.Error.WriteLineAsync($"   - {failure}").ConfigureAwait(false);
            }

            return 2;
        }
        catch (StartupValidationException e)
        {
            // The ❌ lines are in the log already; this one goes to stderr for whoever started the process.
            await Console.Error.WriteLineAsync($"❌ {e.Message}").ConfigureAwait(false);
            return 3;
        }
        catch (FileNotFoundException e)
        {
            await Console.Error.WriteLineAsync($"❌ {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync($"❌ Cannot listen: {e.Message}").ConfigureAwait(false);
            return 2;
        }
    }
}
