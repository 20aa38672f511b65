import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses markup with Foundation's `XMLParser` and records what tests look at: whether it is
/// well-formed, every element name, and the text of `<title>`, `<desc>` and `<text>` elements.
final class XMLProbe {
    private(set) var elements: [String] = []
    private(set) var texts: [(element: String, text: String)] = []
    private(set) var attributes: [(element: String, attributes: [String: String])] = []
    /// Elements in the order they end, with their attributes and text content.
    private(set) var ended: [(element: String, attributes: [String: String], text: String)] = []
    let wellFormed: Bool
    let errorDescription: String?

    init(_ markup: String) {
        let parser = XMLParser(data: Data(markup.utf8))
        let delegate = Collector()
        parser.delegate = delegate
        let ok = parser.parse()
        wellFormed = ok
        errorDescription = ok ? nil : "\(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)"
        elements = delegate.elements
        texts = delegate.texts
        attributes = delegate.attributes
        ended = delegate.ended
    }

    /// The report's outline: headings, chart titles, table captions and absent notes, in order.
    var outline: [String] {
        ended.compactMap { item in
            switch item.element {
            case "h1", "h2", "h3", "h4": return "\(item.element) \(item.text)"
            case "title" where item.attributes["id"]?.hasSuffix("-title") == true: return "svg \(item.text)"
            case "caption": return "table \(item.text)"
            case "p" where item.attributes["class"] == "absent": return "absent \(item.text)"
            default: return nil
            }
        }
    }

    /// Every `id` attribute in document order.
    var ids: [String] { attributes.compactMap { $0.attributes["id"] } }

    /// The number of elements named `name`.
    func count(_ name: String) -> Int { elements.filter { $0 == name }.count }

    /// The texts of elements named `name`.
    func texts(of name: String) -> [String] { texts.filter { $0.element == name }.map(\.text) }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [String] = []
        var texts: [(element: String, text: String)] = []
        var attributes: [(element: String, attributes: [String: String])] = []
        var ended: [(element: String, attributes: [String: String], text: String)] = []
        var stack: [(name: String, attributes: [String: String], text: String)] = []

        func parser(
            _ parser: XMLParser,
            didStartElement elementName: String,
            namespaceURI: String?,
            qualifiedName qName: String?,
            attributes attributeDict: [String: String] = [:]
        ) {
            elements.append(elementName)
            attributes.append((elementName, attributeDict))
            stack.append((elementName, attributeDict, ""))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(
            _ parser: XMLParser,
            didEndElement elementName: String,
            namespaceURI: String?,
            qualifiedName qName: String?
        ) {
            guard let top = stack.popLast() else { return }
            texts.append((top.name, top.text))
            ended.append((top.name, top.attributes, top.text))
            if !stack.isEmpty { stack[stack.count - 1].text += top.text }
        }
    }
}

/// Counts non-overlapping occurrences of `needle` in `haystack`.
func occurrences(of needle: String, in haystack: String) -> Int {
    haystack.components(separatedBy: needle).count - 1
}
