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
        if (options.SendInterval < TimeSpan.Zero || options.SendInterval > TimeSpan.FromSeconds(1))
        {
            errors.Add($"Gateway:Stream:SendInterval must be between 00:00:00 and 00:00:01 (it delays every client's prices), not {options.SendInterval}.");
        }
        else if (options.MaxClientLag > TimeSpan.Zero && options.SendInterval >= options.MaxClientLag)
        {
            // A price may wait one interval for its message: a lag limit no longer than that would drop healthy clients.
            errors.Add($"Gateway:Stream:SendInterval ({options.SendInterval}) must be shorter than Gateway:Stream:MaxClientLag ({options.MaxClientLag}).");
        }

        if (options.SocketSendBufferBytes is < 1024)
        {
            errors.Add("Gateway:Stream:SocketSendBufferBytes must be at least 1024 when set.");
        }

        return OptionsValidation.Result(errors);
    }
}
