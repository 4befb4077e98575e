namespace Silo.Hosting.Tests.Work;

/// <summary>
/// An inbox whose letters arrive without a call to it (<see cref="InboxProbe.Post"/>, as another node commits rows):
/// the smallest user of the work loop's standing reminder.
/// </summary>
[Alias("silo.tests.IInboxGrain")]
public interface IInboxGrain : IGrainWithStringKey
{
    /// <summary>Starts watching: the standing reminder is registered by the time the call returns.</summary>
    Task Open();
}
