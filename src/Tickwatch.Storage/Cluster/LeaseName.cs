using System.Globalization;

namespace Tickwatch.Storage.Cluster;

/// <summary>The name of one lease: its kind and what it is for (<c>feed:binary</c>, <c>part:7</c>, <c>job:provider</c>).</summary>
/// <param name="Kind">What the lease gives the right to run.</param>
/// <param name="Value">The feed's name, the partition's number or the job's name.</param>
public readonly record struct LeaseName(LeaseKind Kind, string Value)
{
    /// <summary>The lease of a feed's connection and the writing of its prices.</summary>
    public static LeaseName Feed(string feed)
    {
        Check(feed, nameof(feed));
        return new LeaseName(LeaseKind.Feed, feed);
    }

    /// <summary>The lease of account partition <paramref name="partition"/>.</summary>
    public static LeaseName Partition(int partition)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(partition);
        return new LeaseName(LeaseKind.Partition, partition.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The lease of a job that runs once in the cluster (<see cref="ClusterJobs"/>).</summary>
    public static LeaseName Job(string job)
    {
        Check(job, nameof(job));
        return new LeaseName(LeaseKind.Job, job);
    }

    /// <summary>The name as keys and logs show it: <c>feed:binary</c>, <c>part:7</c>, <c>job:provider</c>.</summary>
    public override string ToString() => Prefix(Kind) + Value;

    /// <summary>Reads a name as <see cref="ToString"/> writes it.</summary>
    public static bool TryParse(string? text, out LeaseName name)
    {
        name = default;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (text is null || colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        var value = text[(colon + 1)..];
        switch (text[..(colon + 1)])
        {
            case "feed:" when IsWellFormed(value):
                name = new LeaseName(LeaseKind.Feed, value);
                return true;
            case "part:" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var partition):
                name = Partition(partition);
                return true;
            case "job:" when IsWellFormed(value):
                name = new LeaseName(LeaseKind.Job, value);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether <paramref name="value"/> may name a feed or job lease: no spaces, and none of the characters the keys and records use as separators.</summary>
    public static bool IsWellFormed(string? value) =>
        !string.IsNullOrEmpty(value) && value.All(c => !char.IsWhiteSpace(c) && c is not ('{' or '}' or '|' or ',' or '='));

    private static string Prefix(LeaseKind kind) => kind switch
    {
        LeaseKind.Feed => "feed:",
        LeaseKind.Partition => "part:",
        LeaseKind.Job => "job:",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown lease kind."),
    };

    // Braces would change the lease key's hash tag; '|', ',' and '=' separate the lease value and the heartbeat's list.
    private static void Check(string value, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, parameter);
        if (!IsWellFormed(value))
        {
            throw new ArgumentException($"'{value}' cannot name a lease: no spaces, braces, '|', ',' or '='.", parameter);
        }
    }
}
