using Microsoft.Extensions.Options;

namespace Tickwatch.Hosting.Options;

/// <summary>Hands out the instance bound and validated at registration, so that configuration is read once and never again.</summary>
internal sealed class BoundOptionsFactory<T>(T value) : IOptionsFactory<T>
    where T : class
{
    public T Create(string name) => value;
}
