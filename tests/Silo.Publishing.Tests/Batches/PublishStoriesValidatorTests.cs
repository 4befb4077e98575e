using System.Text.Json;
using Microsoft.Extensions.Options;
using Silo.Publishing.Batches;
using Microsoft.Extensions.Time.Testing;

namespace Silo.Publishing.Tests.Batches;

public sealed class PublishStoriesValidatorTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
    private readonly PublishStoriesValidator _validator = new(Options.Create(new PublishingOptions()), Clock);

    private static PublishStoriesRequest Request(string mode, string? scheduledFor) => new(
        JsonDocument.Parse("123").RootElement, JsonDocument.Parse("\"u\"").RootElement, mode, scheduledFor,
        [new ClipRequest("https://cdn.test/a.mp4", "A"), new ClipRequest("http://cdn.test/b.mp4", null)], null);

    [Fact]
    public void Validate_ScheduledWithOffset_ClipsSpacedFromThatInstantInUtc()
    {
        var (batch, errors) = _validator.Validate(Request("scheduled", "2026-01-16T18:30:00+01:00"));

        Assert.Empty(errors);
        Assert.Equal(("123", "u"), (batch!.AccountId, batch.UserId));
        Assert.Equal([new DateTimeOffset(2026, 1, 16, 17, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 16, 17, 31, 0, TimeSpan.Zero)],
            batch.Clips.Select(c => c.ScheduledAt!.Value));
        Assert.Equal(TimeSpan.Zero, batch.ScheduledFor!.Value.Offset);
    }

    [Theory]
    [InlineData("2026-01-16T18:30:00")]
    [InlineData("2026-01-15T11:59:59Z")]
    [InlineData("tomorrow")]
    public void Validate_ScheduledForWithoutOffsetOrPast_NamesScheduledFor(string scheduledFor)
    {
        var (batch, errors) = _validator.Validate(Request("scheduled", scheduledFor));

        Assert.Null(batch);
        Assert.Equal(["scheduledFor"], errors.Keys);
    }
}
