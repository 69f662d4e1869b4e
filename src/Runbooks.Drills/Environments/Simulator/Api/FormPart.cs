namespace Runbooks.Drills.Environments.Simulator.Api;

/// <summary>One part of a multipart/form-data body.</summary>
/// <param name="Name">The field name.</param>
/// <param name="FileName">The file name, when it has one.</param>
/// <param name="ContentType">Its Content-Type, when it has one.</param>
/// <param name="Content">Its bytes.</param>
public sealed record FormPart(string Name, string? FileName, string? ContentType, byte[] Content);
