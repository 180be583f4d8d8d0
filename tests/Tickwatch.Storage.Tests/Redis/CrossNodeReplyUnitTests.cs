using StackExchange.Redis;
using Tickwatch.Storage.Redis;

namespace Tickwatch.Storage.Tests.Redis;

public sealed class CrossNodeReplyUnitTests
{
    [Theory]
    [InlineData("ERR Script attempted to access a non local key in a cluster node")]
    [InlineData("ERR Script attempted to access a non local key in a cluster node script: f5080ce42899d0666956408d45d41f7e435a1158, on @user_script:2.")]
    [InlineData("ERR Script attempted to access keys that do not hash to the same slot")]
    [InlineData("ERR Command 'hget' in script attempted to access keys that do not hash to the same slot")]
    [InlineData("MOVED 7365 127.0.0.1:7382")]
    [InlineData("ASK 7365 127.0.0.1:7382")]
    [InlineData("CROSSSLOT Keys in request don't hash to the same slot")]
    [InlineData("TRYAGAIN Multiple keys request during rehashing of slot")]
    [InlineData("Key has MOVED but CommandFlags.NoRedirect was specified - redirect not followed. ")]
    public void A_reply_that_the_key_is_on_another_node_is_cross_node(string message)
    {
        Assert.True(CrossNodeReply.Is(message));
        Assert.True(CrossNodeReply.Is(new RedisServerException(message)));
    }

    [Theory]
    [InlineData("NOSCRIPT No matching script. Please use EVAL.")]
    [InlineData("CLUSTERDOWN The cluster is down")]
    [InlineData("CLUSTERDOWN Hash slot not served")]
    [InlineData("ERR Script attempted to execute a command while the cluster is down")]
    [InlineData("READONLY You can't write against a read only replica.")]
    [InlineData("LOADING Redis is loading the dataset in memory")]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value")]
    [InlineData("ERR the price is MOVED in the message but not at its start")]
    [InlineData("")]
    [InlineData(null)]
    public void Any_other_reply_is_not(string? message)
    {
        Assert.False(CrossNodeReply.Is(message));
    }

    [Fact]
    public void Only_a_server_error_counts_whatever_its_text()
    {
        Assert.False(CrossNodeReply.Is(new RedisConnectionException(ConnectionFailureType.UnableToConnect, "MOVED 1 127.0.0.1:1")));
        Assert.False(CrossNodeReply.Is(new TimeoutException("ERR Script attempted to access a non local key in a cluster node")));
        Assert.False(CrossNodeReply.Is((Exception?)null));
    }
}
