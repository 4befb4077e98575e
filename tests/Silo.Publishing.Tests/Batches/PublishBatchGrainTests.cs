using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Silo.Publishing.Batches;
using Silo.Publishing.Tests.Support;
using Silo.Testing;

namespace Silo.Publishing.Tests.Batches;

public sealed class PublishBatchGrainTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Publish_ThreeClipsNow_EachCreatedOnceAsStoryInOrderAndPublished()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        await using var node = await PublishingNode.StartAsync(database, metricool);

        var batchId = await node.PublishAsync("order", 3);
        // Answered only once stored: the batch, its clips and its first event are there already.
        Assert.Equal((1L, 3L), (await database.ScalarAsync<long>("select count(*) from publish_batches where batch_id = @b", ("b", batchId)),
            await database.ScalarAsync<long>("select count(*) from publish_batch_clips where batch_id = @b", ("b", batchId))));
        Assert.True(await database.ScalarAsync<long>("select count(*) from publish_batch_events where batch_id = @b", ("b", batchId)) >= 1);
        await node.UntilBatchAsync(batchId, b => b.Status == BatchStatus.Completed, "the batch completes");

        var batch = await node.StatusAsync(batchId);
        Assert.Equal(3, batch.PublishedClips);
        Assert.All(batch.Clips!, c => Assert.Equal(ClipStatus.Published, c.Status));
        Assert.All(batch.Clips!, c => Assert.Equal($"facebook_{c.MetricoolPostId}", c.FacebookPostId));
        var posts = metricool.Simulator.Posts;
        Assert.Equal([.. Enumerable.Range(0, 3).Select(i => PublishingNode.ClipUrl("order", i))], posts.Select(p => p.Media.Single()));
        Assert.All(posts, p => Assert.Equal(("STORY", "STORY", "4242", "user-1"), (p.InstagramType, p.FacebookType, p.BlogId, p.UserId)));
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(1, metricool.Simulator.CreatedCount(PublishingNode.ClipUrl("order", i))));
        // Strictly one at a time: a clip is created only after the one before it was confirmed.
        for (var i = 1; i < 3; i++) Assert.True(batch.Clips![i].UploadedAt >= batch.Clips[i - 1].PublishedAt);
        // The crash backstop goes with the batch's end.
        await Eventually.UntilAsync(async () => await database.RemindersAsync(batchId) == 0, "the step reminder is unregistered");
    }

    [Fact]
    public async Task Publish_BlogOfATenantWithItsOwnToken_MetricoolCalledWithThatToken()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        await using var node = await PublishingNode.StartAsync(database, metricool, new Dictionary<string, string?>
        {
            ["Silo:Tenants:acme:MetricoolBlogs:0"] = "4242",
            ["Silo:Tenants:acme:Tokens:metricool"] = "acme_metricool_token",
        });
        // The brand answers acme's token only: the cluster's (Silo:Publishing:Metricool:Token) is refused.
        metricool.Simulator.Token = "acme_metricool_token";

        var batchId = await node.PublishAsync("own-token", 2);
        await node.UntilBatchAsync(batchId, b => b.Status == BatchStatus.Completed, "the batch completes");

        Assert.Equal(2, metricool.Simulator.Posts.Count);
        Assert.Equal("acme", await database.ScalarAsync<string>("select tenant from publish_batches where batch_id = @b", ("b", batchId)));
    }

    [Fact]
    public async Task Publish_NodeStoppedDuringCreateCall_ClipCreatedOnceAndPublishedByAnotherNode()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        metricool.Simulator.SetFaults(f => f.TimeoutsAfterCreate = 1);
        await using var stoppable = new StoppedNode(await PublishingNode.StartAsync(database, metricool));
        var first = stoppable.Node;
        var batchId = await first.PublishAsync("during", 2);

        await Eventually.UntilAsync(() => metricool.Simulator.HeldCreates == 1, "the first create call is stored and held");
        await stoppable.StopNowAsync();
        await using var second = await PublishingNode.StartAsync(database, metricool);
        await second.UntilBatchAsync(batchId, b => b.Status == BatchStatus.Completed, "the second node completes the batch");

        Assert.Equal(1, metricool.Simulator.CreatedCount(PublishingNode.ClipUrl("during", 0)));
        Assert.Equal(1, metricool.Simulator.CreatedCount(PublishingNode.ClipUrl("during", 1)));
        Assert.Equal(2, (await second.StatusAsync(batchId)).PublishedClips);
    }

    [Fact]
    public async Task Publish_NodeStoppedAfterCreateAnswered_ClipFoundByLookupNotCreatedAgain()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        var gate = new UploadGate(beforeSend: false);
        await using var stoppable = new StoppedNode(await PublishingNode.StartAsync(database, metricool, gate: gate));
        var first = stoppable.Node;
        var batchId = await first.PublishAsync("after", 2);

        await gate.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await stoppable.StopNowAsync();
        await using var second = await PublishingNode.StartAsync(database, metricool);
        await second.UntilBatchAsync(batchId, b => b.Status == BatchStatus.Completed, "the second node completes the batch");

        var clip = (await second.StatusAsync(batchId)).Clips![0];
        Assert.Equal(1, metricool.Simulator.CreatedCount(PublishingNode.ClipUrl("after", 0)));
        Assert.Equal(metricool.Simulator.Posts[0].Id, clip.MetricoolPostId);
        Assert.Equal((ClipStatus.Published, 1), (clip.Status, clip.Attempts));
    }

    [Fact]
    public async Task Publish_NodeStoppedBeforeCreateSent_UnconfirmedThenRetryCreatesOnce()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        var gate = new UploadGate(beforeSend: true);
        await using var stoppable = new StoppedNode(await PublishingNode.StartAsync(database, metricool, gate: gate));
        var first = stoppable.Node;
        var batchId = await first.PublishAsync("before", 2);

        await gate.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await stoppable.StopNowAsync();
        await using var second = await PublishingNode.StartAsync(database, metricool);
        // Nothing in Metricool, but the call might have gone out: a person decides.
        await second.UntilBatchAsync(batchId, b => b.Status == BatchStatus.Paused, "the batch pauses on the unconfirmed clip");
        var paused = await second.StatusAsync(batchId);
        Assert.Equal(ClipStatus.Unconfirmed, paused.Clips![0].Status);
        Assert.Empty(metricool.Simulator.Posts);

        await second.CommandAsync(batchId, "resume");
        await second.UntilBatchAsync(batchId, b => b.Status == BatchStatus.Completed, "the resumed batch completes");
        Assert.Equal(1, metricool.Simulator.CreatedCount(PublishingNode.ClipUrl("before", 0)));
        Assert.Equal(1, metricool.Simulator.CreatedCount(PublishingNode.ClipUrl("before", 1)));
    }

    [Fact]
    public async Task Publish_AnotherActivationWroteDuringCreateCall_StaleWriteRefusedAndClipCreatedOnceByLookup()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        metricool.Simulator.SetFaults(f => f.TimeoutsAfterCreate = 1);
        await using var node = await PublishingNode.StartAsync(database, metricool,
            new Dictionary<string, string?> { ["Silo:Publishing:Metricool:CreateTimeout"] = "00:00:03" });
        var batchId = await node.PublishAsync("stale", 2);
        await Eventually.UntilAsync(() => metricool.Simulator.HeldCreates == 1, "the first create call is stored and held");

        // What a second activation (the directory can briefly allow two) leaves behind: the row's
        // version moved on, with a change of its own. The activation in the create call is now
        // stale: its write must fail rather than overwrite that change.
        await database.ExecuteAsync("update publish_batches set version = version + 1, error_msg = 'newer' where batch_id = @b", ("b", batchId));
        await node.UntilBatchAsync(batchId, b => b.Status == BatchStatus.Completed, "a fresh activation completes the batch");

        var batch = await node.StatusAsync(batchId);
        var clip = batch.Clips![0];
        Assert.Equal("newer", batch.ErrorMsg);
        Assert.Equal(1, metricool.Simulator.CreatedCount(PublishingNode.ClipUrl("stale", 0)));
        Assert.Equal(1, metricool.Simulator.CreatedCount(PublishingNode.ClipUrl("stale", 1)));
        // The fresh activation read the newer row and found the post by its key.
        Assert.Equal((ClipStatus.Published, 1, metricool.Simulator.Posts[0].Id), (clip.Status, clip.Attempts, clip.MetricoolPostId));
    }

    [Fact]
    public async Task Publish_CreateRefusedWith429_CreatedOnceAfterRetryAfter()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        metricool.Simulator.SetFaults(f => f.TooManyRequests = 1);
        await using var node = await PublishingNode.StartAsync(database, metricool);

        var batchId = await node.PublishAsync("limited", 1);
        await node.UntilBatchAsync(batchId, b => b.Status == BatchStatus.Completed, "the batch completes");

        var clip = (await node.StatusAsync(batchId)).Clips![0];
        Assert.Equal((ClipStatus.Published, 2), (clip.Status, clip.Attempts));
        Assert.Equal(1, metricool.Simulator.CreatedCount(PublishingNode.ClipUrl("limited", 0)));
    }

    [Fact]
    public async Task Publish_TimeoutAfterCreate_FoundByLookupAndPublishedNeverPostedTwice()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        metricool.Simulator.SetFaults(f => f.TimeoutsAfterCreate = 1);
        await using var node = await PublishingNode.StartAsync(database, metricool,
            new Dictionary<string, string?> { ["Silo:Publishing:Metricool:CreateTimeout"] = "00:00:00.300" });

        var batchId = await node.PublishAsync("timeout", 1);
        await node.UntilBatchAsync(batchId, b => BatchStatus.IsFinal(b.Status), "the batch ends");

        var batch = await node.StatusAsync(batchId);
        Assert.Equal((BatchStatus.Completed, ClipStatus.Published), (batch.Status, batch.Clips![0].Status));
        Assert.Equal(1, metricool.Simulator.CreatedCount(PublishingNode.ClipUrl("timeout", 0)));
    }

    [Fact]
    public async Task Publish_ServerErrorAfterCreateAndLookupsFailing_UnconfirmedPausedThenFoundOnResume()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        metricool.Simulator.SetFaults(f => { f.ServerErrorsAfterCreate = 1; f.ReadServerErrors = 1000; });
        await using var node = await PublishingNode.StartAsync(database, metricool,
            new Dictionary<string, string?> { ["Silo:Publishing:Metricool:ReadRetries"] = "1" });

        var batchId = await node.PublishAsync("unknown", 1);
        await node.UntilBatchAsync(batchId, b => b.Status == BatchStatus.Paused, "the batch pauses");
        Assert.Equal(ClipStatus.Unconfirmed, (await node.StatusAsync(batchId)).Clips![0].Status);
        Assert.Equal(1, metricool.Simulator.CreatedCount(PublishingNode.ClipUrl("unknown", 0)));

        metricool.Simulator.SetFaults(f => f.ReadServerErrors = 0);
        await node.CommandAsync(batchId, "resume");
        await node.UntilBatchAsync(batchId, b => b.Status == BatchStatus.Completed, "the resumed batch completes");
        Assert.Equal(ClipStatus.Published, (await node.StatusAsync(batchId)).Clips![0].Status);
        Assert.Equal(1, metricool.Simulator.CreatedCount(PublishingNode.ClipUrl("unknown", 0)));
    }

    [Fact]
    public async Task Resume_AnotherPostQuotesTheClipKeyMidText_NotTakenForTheClipWhichIsCreatedOnce()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        metricool.Simulator.SetFaults(f => { f.CreateServerErrors = 1; f.ReadServerErrors = 1000; });
        await using var node = await PublishingNode.StartAsync(database, metricool,
            new Dictionary<string, string?> { ["Silo:Publishing:Metricool:ReadRetries"] = "1" });
        var batchId = await node.PublishAsync("decoy", 1);
        await node.UntilBatchAsync(batchId, b => b.Status == BatchStatus.Paused, "the batch pauses on the unconfirmed clip");

        // Someone wrote a post that quotes the clip's key inside its text; it is not the clip's post.
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("X-Mc-Auth", MetricoolSimulatorHost.Token);
        var decoy = await http.PostAsJsonAsync($"{metricool.BaseUrl}/v2/scheduler/posts?userId=user-1&blogId=4242", new
        {
            publicationDate = new { dateTime = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), timezone = "UTC" },
            text = $"see {Silo.Publishing.Metricool.MetricoolClient.KeyMarker(batchId + "-0")} for details",
            media = new[] { "https://cdn.test/decoy.mp4" }, providers = new[] { new { network = "facebook" } },
        }, TestContext.Current.CancellationToken);
        decoy.EnsureSuccessStatusCode();
        metricool.Simulator.SetFaults(f => f.ReadServerErrors = 0);

        await node.CommandAsync(batchId, "resume");
        await node.UntilBatchAsync(batchId, b => b.Status == BatchStatus.Completed, "the resumed batch completes");

        var clip = (await node.StatusAsync(batchId)).Clips![0];
        var own = metricool.Simulator.Posts.Single(p => p.Media.Single() == PublishingNode.ClipUrl("decoy", 0));
        Assert.Equal(own.Id, clip.MetricoolPostId);
        Assert.Equal(1, metricool.Simulator.CreatedCount(PublishingNode.ClipUrl("decoy", 0)));
    }

    [Fact]
    public async Task Publish_NodeRestartedMidBatch_ResumesAtTheClipItWasOn()
    {
        // One fake clock for Silo and the simulator, which decides when posts are confirmed, so the
        // batch stops exactly on clip 1.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(1));
        await using var metricool = await MetricoolSimulatorHost.StartAsync(clock);
        metricool.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.FromMinutes(1));
        await using var stoppable = new StoppedNode(await PublishingNode.StartAsync(database, metricool, clock: clock));
        var first = stoppable.Node;
        var batchId = await first.PublishAsync("restart", 3);
        await first.UntilBatchAsync(batchId, b => b.Clips![0].Status == ClipStatus.WaitingConfirmation, "clip 0 waits for confirmation");
        clock.Advance(TimeSpan.FromMinutes(1));
        await first.UntilBatchAsync(batchId, b => b.Clips![0].Status == ClipStatus.Published && b.Clips[1].Status == ClipStatus.WaitingConfirmation,
            "clip 0 is published and clip 1 waits");
        await stoppable.StopNowAsync();

        clock.Advance(TimeSpan.FromMinutes(1));
        metricool.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.Zero);
        await using var second = await PublishingNode.StartAsync(database, metricool, clock: clock);
        await second.UntilBatchAsync(batchId, b => b.Status == BatchStatus.Completed, "the batch completes after the restart");

        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(1, metricool.Simulator.CreatedCount(PublishingNode.ClipUrl("restart", i))));
        Assert.Equal([.. Enumerable.Range(0, 3).Select(i => PublishingNode.ClipUrl("restart", i))],
            metricool.Simulator.Posts.Select(p => p.Media.Single()));
        Assert.All((await second.StatusAsync(batchId)).Clips!, c => Assert.Equal((ClipStatus.Published, 1), (c.Status, c.Attempts)));
    }

    [Fact]
    public async Task Publish_WhenStored_StepReminderAlreadyRegistered()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        metricool.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.FromHours(1));
        await using var node = await PublishingNode.StartAsync(database, metricool);

        // The reminder is registered before the batch is stored as processing: no stored processing batch lacks the
        // tick that resumes it after a restart.
        var batchId = await node.PublishAsync("reminded", 2);

        Assert.Equal((BatchStatus.Processing, 1L), (await database.ScalarAsync<string>(
            "select status from publish_batches where batch_id = @b", ("b", batchId)), await database.RemindersAsync(batchId)));

        // The class's later tests share this database: a batch left processing would publish into their simulators.
        await node.CommandAsync(batchId, "cancel");
        await Eventually.UntilAsync(async () => await database.RemindersAsync(batchId) == 0, "the cancelled batch's reminder is gone");
    }

    [Fact]
    public async Task Pause_WhileClipWaits_NoStepScheduledUntilResumedThenCompletes()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        metricool.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.FromHours(1));
        await using var node = await PublishingNode.StartAsync(database, metricool);
        var batchId = await node.PublishAsync("pause", 2);
        await node.UntilBatchAsync(batchId, b => b.Clips![0].Status == ClipStatus.WaitingConfirmation, "clip 0 waits");
        Assert.Equal(1L, await database.RemindersAsync(batchId));

        // Answered once stored: the batch is paused when the call returns, and has no reminder left.
        await node.CommandAsync(batchId, "pause");
        Assert.Equal(BatchStatus.Paused, (await node.StatusAsync(batchId)).Status);
        Assert.Equal(0L, await database.RemindersAsync(batchId));
        Assert.True(await database.ScalarAsync<bool>("select next_step_at is null from publish_batches where batch_id = @b", ("b", batchId)));
        metricool.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.Zero);

        await node.CommandAsync(batchId, "resume");
        Assert.NotEqual(BatchStatus.Paused, (await node.StatusAsync(batchId)).Status);
        await node.UntilBatchAsync(batchId, b => b.Status == BatchStatus.Completed, "the resumed batch completes");
        Assert.Equal(2, (await node.StatusAsync(batchId)).PublishedClips);
    }

    [Fact]
    public async Task Cancel_WhileClipWaits_RemainingClipsCancelledAndNeverCreated()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        metricool.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.FromHours(1));
        await using var node = await PublishingNode.StartAsync(database, metricool);
        var batchId = await node.PublishAsync("cancel", 3);
        await node.UntilBatchAsync(batchId, b => b.Clips![0].Status == ClipStatus.WaitingConfirmation, "clip 0 waits");

        await node.CommandAsync(batchId, "cancel");

        // Answered once stored: cancelled when the call returns.
        var batch = await node.StatusAsync(batchId);
        Assert.Equal(BatchStatus.Cancelled, batch.Status);
        Assert.Equal([ClipStatus.WaitingConfirmation, ClipStatus.Cancelled, ClipStatus.Cancelled], batch.Clips!.Select(c => c.Status));
        Assert.Single(metricool.Simulator.Posts);
        Assert.Equal(0L, await database.RemindersAsync(batchId));
    }

    [Fact]
    public async Task Cancel_WhileCreateOutcomeUnknown_ClipMarkedUnconfirmedNotCancelled()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        metricool.Simulator.SetFaults(f => f.TimeoutsAfterCreate = 1);
        await using var node = await PublishingNode.StartAsync(database, metricool, new Dictionary<string, string?>
        {
            ["Silo:Publishing:Metricool:CreateTimeout"] = "00:00:00.200",
            ["Silo:Publishing:LookupDelay"] = "00:10:00",
        });
        var batchId = await node.PublishAsync("cancel-unknown", 2);
        await node.UntilBatchAsync(batchId, b => b.Clips![0].ErrorMsg?.StartsWith("no answer", StringComparison.Ordinal) == true,
            "the create call timed out and the clip awaits its lookup");

        await node.CommandAsync(batchId, "cancel");
        await node.UntilBatchAsync(batchId, b => b.Status == BatchStatus.Cancelled, "the batch is cancelled");

        var batch = await node.StatusAsync(batchId);
        Assert.Equal([ClipStatus.Unconfirmed, ClipStatus.Cancelled], batch.Clips!.Select(c => c.Status));
        Assert.Contains("check Metricool", batch.Clips![0].ErrorMsg ?? "");
    }

    [Fact]
    public async Task Publish_PublicationFailsWithStopOnFailure_BatchFailsAndLaterClipsAreNotCreated()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        metricool.Simulator.SetFaults(f => f.PublicationFails = true);
        await using var node = await PublishingNode.StartAsync(database, metricool);

        var batchId = await node.PublishAsync("stop", 2, stopOnFailure: true);
        await node.UntilBatchAsync(batchId, b => BatchStatus.IsFinal(b.Status), "the batch ends");

        var batch = await node.StatusAsync(batchId);
        Assert.Equal((BatchStatus.Failed, ClipStatus.Failed, ClipStatus.Pending), (batch.Status, batch.Clips![0].Status, batch.Clips[1].Status));
        Assert.Contains("could not be published", batch.Clips[0].ErrorMsg);
        Assert.Equal(0, metricool.Simulator.CreatedCount(PublishingNode.ClipUrl("stop", 1)));
    }

    [Fact]
    public async Task Publish_NeverConfirmed_ClipFailsAfterMaxTriesAndBatchGoesOn()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        metricool.Simulator.SetFaults(f => f.ConfirmationDelay = TimeSpan.FromHours(1));
        await using var node = await PublishingNode.StartAsync(database, metricool,
            new Dictionary<string, string?> { ["Silo:Publishing:ConfirmationMaxTries"] = "3" });

        var batchId = await node.PublishAsync("tries", 2);
        await node.UntilBatchAsync(batchId, b => BatchStatus.IsFinal(b.Status), "the batch ends");

        var batch = await node.StatusAsync(batchId);
        Assert.Equal((BatchStatus.Failed, 2), (batch.Status, batch.FailedClips));
        Assert.All(batch.Clips!, c => Assert.Equal("not confirmed after 3 checks", c.ErrorMsg));
        Assert.Equal(2, metricool.Simulator.Posts.Count);
    }

    [Fact]
    public async Task Publish_ScheduledMode_ClipsScheduledInOrderFromTheGivenTime()
    {
        await using var metricool = await MetricoolSimulatorHost.StartAsync();
        await using var node = await PublishingNode.StartAsync(database, metricool);
        var at = new DateTimeOffset(DateTime.SpecifyKind(DateTime.UtcNow.Date.AddDays(2).AddHours(18), DateTimeKind.Unspecified), TimeSpan.FromHours(2));

        var batchId = await node.PublishAsync("scheduled", 3, "scheduled", at.ToString("yyyy-MM-ddTHH:mm:sszzz"));
        await node.UntilBatchAsync(batchId, b => b.Status == BatchStatus.Completed, "the batch completes");

        var batch = await node.StatusAsync(batchId);
        Assert.All(batch.Clips!, c => Assert.Equal(ClipStatus.Scheduled, c.Status));
        Assert.Equal([at, at.AddMinutes(1), at.AddMinutes(2)], metricool.Simulator.Posts.Select(p => p.PublicationDate));
    }

    [Fact]
    public async Task Publish_BestTimeModeBrandInKolkata_ClipsGoToTheBrandsBestUpcomingHoursOnItsClock()
    {
        // One fake clock for Silo and the simulator: "the coming week" is the same week for both and for this test,
        // whatever the wall clock does meanwhile. 20:45 UTC is already 02:15 of the next day in Kolkata (UTC+05:30):
        // the brand's weekdays and whole hours are not UTC's, and its day has turned while UTC's has not.
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1);
        var now = new DateTimeOffset(tomorrow.Year, tomorrow.Month, tomorrow.Day, 20, 45, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(now);
        await using var metricool = await MetricoolSimulatorHost.StartAsync(clock);
        metricool.Simulator.SetBrandTimeZone("4242", "Asia/Kolkata");
        await using var node = await PublishingNode.StartAsync(database, metricool, clock: clock);

        var batchId = await node.PublishAsync("best", 3, "bestTime");
        await node.UntilBatchAsync(batchId, b => b.Status == BatchStatus.Completed, "the batch completes");

        // Metricool's own answer for the brand, in its time zone: a score per weekday (1 = Monday) and hour on its clock.
        var kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        var scores = await BestTimeScoresAsync(metricool, "Asia/Kolkata", now);
        DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, kolkata);
        double Score(DateTimeOffset at) => scores[(Local(at).DayOfWeek == DayOfWeek.Sunday ? 7 : (int)Local(at).DayOfWeek, Local(at).Hour)];
        var nextHour = new DateTimeOffset(Local(now).Date.AddHours(Local(now).Hour + 1), kolkata.BaseUtcOffset); // Kolkata keeps no summer time
        Assert.Equal(new DateTimeOffset(now.Year, now.Month, now.Day, 21, 30, 0, TimeSpan.Zero), nextHour.ToUniversalTime()); // 03:00 in Kolkata
        var week = Enumerable.Range(0, 7 * 24).Select(h => nextHour.AddHours(h).ToUniversalTime()).ToList();
        var dates = metricool.Simulator.Posts.Select(p => p.PublicationDate).ToList();

        Assert.Equal(3, dates.Count);
        Assert.Equal(dates.Order(), dates);
        // Whole hours on the brand's clock (xx:30 in UTC), within its coming week.
        Assert.All(dates, d => Assert.Contains(d, week));
        // The chosen hours are the best scored of the brand's week: no hour left out scores higher than one chosen.
        var bestLeftOut = week.Except(dates).Max(Score);
        Assert.All(dates, d => Assert.True(Score(d) >= bestLeftOut, $"{d:u} scores {Score(d)}, below {bestLeftOut} of an hour not chosen"));
        // The brand's audience peaks around 20:00 on its own clock (14:30 UTC), not at 20:00 UTC (01:30 in Kolkata).
        Assert.All(dates, d => Assert.InRange(Local(d).Hour, 19, 21));
        Assert.True(scores.Values.Distinct().Count() > 1, "the simulator scored every hour alike, so any hours would pass");
    }

    private static async Task<Dictionary<(int Day, int Hour), double>> BestTimeScoresAsync(MetricoolSimulatorHost metricool, string timeZone, DateTimeOffset start)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("X-Mc-Auth", MetricoolSimulatorHost.Token);
        var localStart = TimeZoneInfo.ConvertTime(start, TimeZoneInfo.FindSystemTimeZoneById(timeZone)).DateTime;
        using var answer = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(
            $"{metricool.BaseUrl.TrimEnd('/')}/v2/scheduler/besttimes/instagram?userId=user-1&blogId=4242&timezone={Uri.EscapeDataString(timeZone)}" +
            $"&start={localStart:yyyy-MM-ddTHH:mm:ss}&end={localStart.AddDays(7):yyyy-MM-ddTHH:mm:ss}", TestContext.Current.CancellationToken));
        var scores = new Dictionary<(int Day, int Hour), double>();
        foreach (var day in answer.RootElement.GetProperty("data").EnumerateArray())
            foreach (var hour in day.GetProperty("bestTimesByHour").EnumerateArray())
                scores[(day.GetProperty("dayOfWeek").GetInt32(), hour.GetProperty("hourOfDay").GetInt32())] = hour.GetProperty("value").GetDouble();
        return scores;
    }
}
