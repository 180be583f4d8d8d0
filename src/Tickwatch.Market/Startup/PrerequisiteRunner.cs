using System.Globalization;

namespace Tickwatch.Market.Startup;

/// <summary>Runs one prerequisite check within the time limit, turning a throw or a timeout into a failed result.</summary>
internal static class PrerequisiteRunner
{
    public static async Task<PrerequisiteResult> RunAsync(IPrerequisiteCheck check, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            // WaitAsync bounds even a check that ignores its token.
            return await check.CheckAsync(limit.Token).WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is TimeoutException or OperationCanceledException)
        {
            return PrerequisiteResult.Failed(string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:0.###} s"));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return PrerequisiteResult.Failed($"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
