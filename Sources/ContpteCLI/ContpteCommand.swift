public import ArgumentParser

/// The `contpte` command: measures and models arm64 contiguous-PTE fold/unfold.
public struct ContpteCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "contpte",
        abstract: "Measure and model arm64 contiguous-PTE (contpte) fold/unfold and the BBML2 change.",
        version: "0.1.0",
        subcommands: [CheckCommand.self, ModelCommand.self]
    )

    public init() {}
}
