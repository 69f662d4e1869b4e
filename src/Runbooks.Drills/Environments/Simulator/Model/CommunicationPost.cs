namespace Runbooks.Drills.Environments.Simulator.Model;

/// <summary>One message people were sent during a drill: to Slack, or a status page incident created or updated.</summary>
/// <param name="At">When (model clock timestamp), to place it on the drill's timeline.</param>
/// <param name="Channel"><c>Slack</c> or <c>status page</c>.</param>
/// <param name="Status">The incident status it announced (<c>investigating</c> ... <c>resolved</c>); null for a Slack message.</param>
/// <param name="Text">What it said.</param>
public sealed record CommunicationPost(long At, string Channel, string? Status, string Text);
