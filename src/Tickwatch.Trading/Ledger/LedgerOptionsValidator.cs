using Microsoft.Extensions.Options;
using Npgsql;
using Tickwatch.Hosting.Options;

namespace Tickwatch.Trading.Ledger;

/// <summary>What the <c>Ledger</c> section's attributes cannot say: a known provider with what it needs; the connection string's value is never in a message.</summary>
public sealed class LedgerOptionsValidator : IValidateOptions<LedgerOptions>
{
    public ValidateOptionsResult Validate(string? name, LedgerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        if (string.Equals(options.Provider, LedgerOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.Path))
            {
                errors.Add($"{LedgerOptions.Section}:{nameof(LedgerOptions.Path)}: the SQLite file is required when {LedgerOptions.Section}:{nameof(LedgerOptions.Provider)} is sqlite.");
            }
            else if (options.Path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
            {
                errors.Add($"{LedgerOptions.Section}:{nameof(LedgerOptions.Path)}: '{options.Path}' is not a file path.");
            }
        }
        else if (string.Equals(options.Provider, LedgerOptions.PostgreSql, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                errors.Add($"{LedgerOptions.Section}:{nameof(LedgerOptions.ConnectionString)}: required when {LedgerOptions.Section}:{nameof(LedgerOptions.Provider)} is postgresql (set it in the environment, e.g. TICKWATCH_Ledger__ConnectionString).");
            }
            else if (!IsConnectionString(options.ConnectionString))
            {
                errors.Add($"{LedgerOptions.Section}:{nameof(LedgerOptions.ConnectionString)}: not a PostgreSQL connection string (its value is not shown).");
            }
        }
        else
        {
            errors.Add($"{LedgerOptions.Section}:{nameof(LedgerOptions.Provider)}: '{options.Provider}' is not {LedgerOptions.Sqlite} or {LedgerOptions.PostgreSql}.");
        }

        if (options.MaxRetryDelay < options.RetryDelay)
        {
            errors.Add($"{LedgerOptions.Section}:{nameof(LedgerOptions.MaxRetryDelay)} must not be below {nameof(LedgerOptions.RetryDelay)}.");
        }

        return OptionsValidation.Result(errors);
    }

    private static bool IsConnectionString(string text)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(text);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
        {
            return false;
        }
    }
}
