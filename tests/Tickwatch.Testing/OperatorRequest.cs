using System.Net.Http.Headers;

namespace Tickwatch.Testing;

/// <summary>A request to a debug or admin route as an operator, a browser page or a proxy would send it.</summary>
public static class OperatorRequest
{
    /// <summary>
    /// <paramref name="method"/> on <paramref name="path"/> (relative), with the operator <paramref name="token"/> when given and
    /// <paramref name="headers"/> as they are (<c>Host</c> included); a POST carries an empty JSON body.
    /// </summary>
    public static HttpRequestMessage Create(HttpMethod method, string path, string? token = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("", null, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            if (name == "Host")
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }
}
