using Silo.Gateway.Grpc;

namespace Silo.Gateway.Tests.Grpc;

public sealed class GrpcErrorsTests
{
    [Theory]
    [InlineData("postId", "post_id")]
    [InlineData("media[0].url", "media[0].url")]
    [InlineData("clips[12].title", "clips[12].title")]
    [InlineData("Idempotency-Key", "idempotency_key")]
    [InlineData("days_back", "days_back")]
    [InlineData("scheduledFor", "scheduled_for")]
    public void ProtoField_HttpFieldName_ProtoPath(string http, string proto) => Assert.Equal(proto, GrpcErrors.ProtoField(http));
}
