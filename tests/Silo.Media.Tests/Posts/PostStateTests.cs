using Silo.Media.Posts;

namespace Silo.Media.Tests.Posts;

public sealed class PostStateTests
{
    [Fact]
    public void RaiseAlert_KindResolvedEarlierInTheWrite_RaisedAndNotResolved()
    {
        var state = new PostState();
        state.ResolveAlert(AlertKinds.StorageFull);
        state.ResolveAlert(AlertKinds.StorageUnavailable);

        state.RaiseAlert(AlertKinds.StorageFull, "full");

        Assert.Equal([(AlertKinds.StorageFull, "full")], state.RaisedAlerts);
        Assert.Equal([AlertKinds.StorageUnavailable], state.ResolvedAlerts);
    }

    [Fact]
    public void ResolveAlert_KindRaisedEarlierInTheWrite_StaysRaisedWithItsFirstMessage()
    {
        var state = new PostState();
        state.RaiseAlert(AlertKinds.StorageUnavailable, "first");
        state.RaiseAlert(AlertKinds.StorageUnavailable, "second");

        state.ResolveAlert(AlertKinds.StorageUnavailable);

        Assert.Equal([(AlertKinds.StorageUnavailable, "first")], state.RaisedAlerts);
        Assert.Empty(state.ResolvedAlerts);
    }

    [Fact]
    public void ClearEvents_AfterAWrite_ForgetsAlertsAndTheErrorRateCheck()
    {
        var state = new PostState { ErrorRateCheck = new ErrorRateAlert(true, TimeSpan.FromMinutes(15), 0.2, 10) };
        state.RaiseAlert(AlertKinds.StorageFull, "full");
        state.ResolveAlert(AlertKinds.StorageUnavailable);

        state.ClearEvents();

        Assert.Equal((0, 0, (ErrorRateAlert?)null), (state.RaisedAlerts.Count, state.ResolvedAlerts.Count, state.ErrorRateCheck));
    }
}
