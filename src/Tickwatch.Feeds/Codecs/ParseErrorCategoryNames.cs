namespace Tickwatch.Feeds.Codecs;

/// <summary>The snake_case names the diagnostics and metrics use for <see cref="ParseErrorCategory"/>.</summary>
public static class ParseErrorCategoryNames
{
    private static readonly string[] Names =
    [
        "malformed_json",
        "unexpected_shape",
        "invalid_number",
        "non_finite_number",
        "empty_price",
        "unknown_symbol",
        "bad_compression",
        "malformed_protobuf",
        "oversized_frame",
        "empty_frame",
        "future_timestamp",
        "invalid_timestamp",
        "malformed_sbe",
        "unsupported_sbe_schema",
        "unknown_sbe_template",
    ];

    public static int Count => Names.Length;

    public static string ToWireName(this ParseErrorCategory category) => Names[(int)category];
}
