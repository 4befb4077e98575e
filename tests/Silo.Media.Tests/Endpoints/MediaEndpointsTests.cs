using System.Net;
using Silo.Testing;
using Silo.Media.Tests.Support;

namespace Silo.Media.Tests.Endpoints;

public sealed class MediaEndpointsTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Theory]
    [InlineData("/media/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/media/%2E%2E/%2E%2E/etc/passwd")]
    [InlineData("/media/ab/..%2F..%2F..%2Fetc%2Fhostname")]
    public async Task GetFile_PathTraversal_Refused(string path)
    {
        await using var world = await MediaWorld.StartAsync(database);
        Directory.CreateDirectory(world.MediaRoot);

        var response = await world.Node.Http.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.NotFound });
        Assert.DoesNotContain("root:", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
