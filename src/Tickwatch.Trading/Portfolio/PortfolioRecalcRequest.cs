using System.Text.Json;
using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Portfolio;

/// <summary>The reference's <c>portfolio_force_recalc</c> message: <c>{"users":["live:42","demo:7"]}</c>.</summary>
public static class PortfolioRecalcRequest
{
    public static string Write(IReadOnlyCollection<AccountId> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        return JsonSerializer.Serialize(new Dictionary<string, string[]> { ["users"] = [.. accounts.Select(a => a.ToString())] });
    }

    /// <summary>The users a message names; false when it is not such a message. A user that is not an account id is skipped and counted in <paramref name="skipped"/>.</summary>
    public static bool TryRead(string? message, out IReadOnlyList<AccountId> accounts, out int skipped)
    {
        accounts = [];
        skipped = 0;
        if (string.IsNullOrEmpty(message))
        {
            return false;
        }

        try
        {
            using var json = JsonDocument.Parse(message);
            if (json.RootElement.ValueKind != JsonValueKind.Object
                || !json.RootElement.TryGetProperty("users", out var users)
                || users.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            var read = new List<AccountId>(users.GetArrayLength());
            foreach (var user in users.EnumerateArray())
            {
                if (user.ValueKind == JsonValueKind.String && AccountId.TryParse(user.GetString(), out var id))
                {
                    read.Add(id);
                }
                else
                {
                    skipped++;
                }
            }

            accounts = read;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
