using Microsoft.Extensions.Options;
using Tickwatch.Gateway.Streaming;
using Tickwatch.Hosting.Options;
using static Tickwatch.Gateway.Hosting.OptionChecks;

namespace Tickwatch.Gateway.Hosting;

/// <summary>Checks the live price stream's limits (section <c>Gateway:Stream</c>), reporting every problem at once.</summary>
public sealed class StreamOptionsValidator : IValidateOptions<StreamOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        AtLeastOne(errors, "Gateway:Stream:MaxSymbolsPerClient", options.MaxSymbolsPerClient);
        AtLeastOne(errors, "Gateway:Stream:MaxClients", options.MaxClients);
        AtLeastOne(errors, "Gateway:Stream:MaxConnectionsPerUser", options.MaxConnectionsPerUser);
        AtLeastOne(errors, "Gateway:Stream:MaxCommandsPerSecond", options.MaxCommandsPerSecond);
        AtLeastOne(errors, "Gateway:Stream:CommandBurst", options.CommandBurst);
        AtLeastOne(errors, "Gateway:Stream:MaxRefusedCommands", options.MaxRefusedCommands);
        AtLeastOne(errors, "Gateway:Stream:MaxClientMessageBytes", options.MaxClientMessageBytes);
        Positive(errors, "Gateway:Stream:MaxClientLag", options.MaxClientLag);
        Positive(errors, "Gateway:Stream:CloseTimeout", options.CloseTimeout);
        Positive(errors, "Gateway:Stream:WatchInterval", options.WatchInterval);
        ValidatePacing(errors, options);
        if (options.OrderGapGrace < TimeSpan.Zero || options.OrderGapGrace > TimeSpan.FromSeconds(1))
        {
            errors.Add($"Gateway:Stream:OrderGapGrace must be between 00:00:00 and 00:00:01 (it delays a client's order change while one is missing), not {options.OrderGapGrace}.");
        }

        if (options.SocketSendBufferBytes is < 1024)
        {
            errors.Add("Gateway:Stream:SocketSendBufferBytes must be at least 1024 when set.");
        }

        return OptionsValidation.Result(errors);
    }

    // Each bound delays a client's prices by up to its length: at most a second, and shorter than the lag that drops a client.
    private static void ValidatePacing(List<string> errors, StreamOptions options)
    {
        if (options.Pacing is { } pacing && !Enum.IsDefined(pacing))
        {
            errors.Add($"Gateway:Stream:Pacing must be Adaptive or Fixed, not {pacing}.");
            return;
        }

        var adaptive = options.EffectivePacing() == StreamPacing.Adaptive;
        if (adaptive && options.SendInterval is { } interval)
        {
            errors.Add($"Gateway:Stream:SendInterval ({interval}) is the interval of fixed pacing and does nothing with Gateway:Stream:Pacing=Adaptive: "
                + "bound adaptive pacing with Gateway:Stream:MinSendGap and Gateway:Stream:MaxBatchDelay, or set Pacing=Fixed.");
        }

        var bounds = adaptive
            ? new[] { ("Gateway:Stream:MinSendGap", options.MinSendGap), ("Gateway:Stream:MaxBatchDelay", options.MaxBatchDelay) }
            : [(options.SendInterval is null ? "Gateway:Stream:MaxBatchDelay" : "Gateway:Stream:SendInterval", options.FixedInterval())];
        var valid = true;
        foreach (var (name, value) in bounds)
        {
            if (value < TimeSpan.Zero || value > TimeSpan.FromSeconds(1))
            {
                errors.Add($"{name} must be between 00:00:00 and 00:00:01 (it delays every client's prices), not {value}.");
                valid = false;
            }
            else if (options.MaxClientLag > TimeSpan.Zero && value >= options.MaxClientLag)
            {
                // A price may wait this long for its message: a lag limit no longer than that would drop healthy clients.
                errors.Add($"{name} ({value}) must be shorter than Gateway:Stream:MaxClientLag ({options.MaxClientLag}).");
                valid = false;
            }
        }

        if (adaptive && valid && options.MinSendGap > options.MaxBatchDelay)
        {
            errors.Add($"Gateway:Stream:MinSendGap ({options.MinSendGap}) must not be longer than Gateway:Stream:MaxBatchDelay ({options.MaxBatchDelay}): "
                + "the gap grows from the first to the second as the gateway's load rises.");
        }
    }
}
