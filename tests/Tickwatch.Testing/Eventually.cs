using System.Diagnostics;
using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace Tickwatch.Testing;

/// <summary>Waits for a condition with a deadline, polling: the way tests against real servers wait.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Waits until <paramref name="condition"/> holds; <paramref name="what"/> defaults to the condition's source text.</summary>
    public static Task UntilAsync(
        Func<bool> condition, string? what = null, TimeSpan? timeout = null, [CallerArgumentExpression(nameof(condition))] string? expression = null) =>
        UntilAsync(() => Task.FromResult(condition()), what ?? expression, timeout);

    public static async Task UntilAsync(
        Func<Task<bool>> condition, string? what = null, TimeSpan? timeout = null, [CallerArgumentExpression(nameof(condition))] string? expression = null)
    {
        what ??= expression;
        ArgumentNullException.ThrowIfNull(condition);
        var started = Stopwatch.GetTimestamp();
        var limit = timeout ?? DefaultTimeout;
        while (!await condition().ConfigureAwait(false))
        {
            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                throw new XunitException($"Timed out after {limit.TotalSeconds:0.#} s waiting until {what}.");
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }
    }

    /// <summary>Polls <paramref name="read"/> until its value satisfies <paramref name="condition"/>, and returns that value.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(condition);
        T value = default!;
        await UntilAsync(async () => condition(value = await read().ConfigureAwait(false)), what, timeout).ConfigureAwait(false);
        return value;
    }
}
