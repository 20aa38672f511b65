/// Writes a sequence as a herd7 litmus test for Arm's VMSA model (`herd7 -variant vmsa,fatal`),
/// so that the checker's answer can be compared with herd7's on the part both cover.
///
/// CPU 0 runs the sequence, then sets a flag (`end`); CPU 1 reads the flag, runs DSB ISH and
/// ISB, then reads or writes the page. herd7 has no Contiguous bit and no BBM levels, so only
/// single-page (`group 1`), non-contiguous sequences are written, and only three kinds of
/// change, each with the access that tells old from new:
/// - a remap (output address changes, same write permission everywhere): CPU 1 reads, and the
///   old translation is used when the value read is not the new page's;
/// - a write-protect (write permission removed, same output everywhere): CPU 1 writes, and the
///   old permission is used when the write succeeds;
/// - an unmap (new descriptor INV): CPU 1 reads, and the old translation is used when the read
///   succeeds.
/// `LitmusQuestion.translationFault` asks instead whether CPU 1's access can take a translation
/// fault at any time (the flag is read but not required), the checker's `faultsPossible`.
///
/// Mapping: `clear` is `SWP` of INV, `clear-plain` is `LDR` then `STR` of INV, `write` is `STR`
/// of the descriptor (herd7 stores a constant: the access and dirty state a `clear` gathers is
/// not carried into it; no question asked here depends on it), `tlbi` is `TLBI VAAE1IS`,
/// `tlbi-range` is `TLBI VAAE1IS` too (herd7 7.58 has no range TLBI; for one page it removes the
/// same entries), `tlbi-local` is `TLBI VAAE1`, `tlbi-all` is `TLBI VMALLE1IS`, `dsb` is
/// `DSB ISH`, `dsb-st` is `DSB ISHST`. Writable-clean and `af0` descriptors need hardware
/// access and dirty updates, as the checker assumes: the test then says `TTHM=P1:HD`.
public enum LitmusEmitter {
    /// The litmus test of `definition` asking `question`; throws if herd7's model cannot
    /// express the sequence or the change.
    public static func emit(
        _ definition: SequenceDefinition,
        question: LitmusQuestion
    ) throws(LitmusEmitError) -> String {
        let change = try LitmusChange.classify(definition)
        let written = definition.writtenDescriptors
        var values: [Descriptor] = [.invalid]
        for d in [definition.old[0], definition.new[0]] + written where !values.contains(d) { values.append(d) }
        var shifts: [Int] = [0]
        for d in values where d.isValid && !shifts.contains(d.outputShift) { shifts.append(d.outputShift) }
        func location(_ shift: Int) -> String { shift == 0 ? "x" : "y\(shifts.firstIndex(of: shift)!)" }
        func spell(_ d: Descriptor) -> String {
            guard d.isValid else { return "(oa:PA(x), valid:0)" }
            let writableDirty = d.isWritable && d.isDirty
            let dbm = d.isWritable && !d.isDirty ? 1 : 0
            return "(oa:PA(\(location(d.outputShift))), af:\(d.accessFlag ? 1 : 0), db:\(writableDirty ? 1 : 0), "
                + "dbm:\(dbm), valid:1)"
        }
        func register(_ d: Descriptor) -> String { "X\(10 + values.firstIndex(of: d)!)" }

        var cpu0 = ["LSR X9,X3,#12"]
        for step in definition.steps {
            switch step.op {
            case .exchange: cpu0.append("SWP \(register(.invalid)),X20,[X2]")
            case .load: cpu0.append("LDR X20,[X2]")
            case .storeInvalid: cpu0.append("STR \(register(.invalid)),[X2]")
            case .write(_, let d): cpu0.append("STR \(register(d)),[X2]")
            case .tlbi(_, let range):
                cpu0.append(range && step.isWholeGroupTLBI(in: definition) ? "TLBI VMALLE1IS" : "TLBI VAAE1IS,X9")
            case .tlbiLocal: cpu0.append("TLBI VAAE1,X9")
            case .dsb: cpu0.append("DSB ISH")
            case .dsbStore: cpu0.append("DSB ISHST")
            case .isb: cpu0.append("ISB")
            case .end: cpu0 += ["MOV W7,#1", "STR W7,[X8]"]
            }
        }
        let access = change.cpu1Writes ? "L0: STR W6,[X3]" : "L0: LDR W5,[X3]"
        let cpu1 = ["LDR W7,[X8]", "DSB ISH", "ISB", access]

        let name = "\(definition.name)\(question == .translationFault ? "+fault" : "")"
        var lines = ["AArch64 \(name)"]
        let hardwareFlags = values.contains { $0.isValid && (!$0.accessFlag || ($0.isWritable && !$0.isDirty)) }
        if hardwareFlags { lines.append("TTHM=P1:HD") }
        lines.append(
            "(* written by contpte check --emit-litmus; the checker's answer is in Tests/BBMModelTests/Herd7 *)"
        )
        lines.append("{")
        lines.append(" [PTE(x)]=\(spell(definition.old[0]));")
        for (index, shift) in shifts.enumerated() where shift != 0 { lines.append(" y\(index)=\(index);") }
        for d in values { lines.append(" 0:\(register(d))=\(spell(d));") }
        lines.append(" 0:X2=PTE(x); 0:X3=x; 0:X8=z;")
        lines.append(" 1:X3=x; 1:X6=1; 1:X8=z;")
        lines.append("}")
        let width = max(cpu0.map(\.count).max() ?? 0, "P0".count)
        func padded(_ s: String) -> String { s + String(repeating: " ", count: width - s.count) }
        lines.append("\(padded("P0")) | P1 ;")
        for row in 0..<max(cpu0.count, cpu1.count) {
            let left = row < cpu0.count ? cpu0[row] : ""
            let right = row < cpu1.count ? cpu1[row] : ""
            lines.append("\(padded(left)) | \(right) ;")
        }
        switch question {
        case .staleAfterEnd:
            var condition = "1:X7=1 /\\ ~fault(P1:L0,x)"
            if case .remap(let newShift) = change {
                condition += " /\\ ~(1:X5=\(shifts.firstIndex(of: newShift)!))"
            }
            lines.append("exists (\(condition))")
        case .translationFault:
            lines.append("exists (fault(P1:L0,x,MMU:Translation))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// What an emitted litmus test asks herd7.
public enum LitmusQuestion: String, CaseIterable, Sendable {
    /// After the flag, is the old translation or permission used? (`stale-after-end`)
    case staleAfterEnd = "stale-after-end"
    /// Can the access take a translation fault at any time? (`faultsPossible`)
    case translationFault = "translation-fault"
}

/// Why a sequence has no litmus test: one line, naming what herd7's model lacks.
public struct LitmusEmitError: Error, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The message.
    public var description: String { message }
}

/// The change a litmus-expressible sequence makes to its one page.
enum LitmusChange: Equatable {
    case remap(newShift: Int)
    case writeProtect
    case unmap

    /// Whether CPU 1 writes (else it reads).
    var cpu1Writes: Bool { self == .writeProtect }

    static func classify(_ definition: SequenceDefinition) throws(LitmusEmitError) -> LitmusChange {
        let name = definition.name
        guard definition.group == 1 else {
            throw LitmusEmitError(
                message: "\(name): herd7's VMSA model has no Contiguous bit, so only group 1 sequences are written "
                    + "(this one has group \(definition.group))"
            )
        }
        let valid = ([definition.old[0], definition.new[0]] + definition.writtenDescriptors).filter(\.isValid)
        if valid.contains(where: \.isContiguous) {
            throw LitmusEmitError(message: "\(name): herd7's VMSA model has no Contiguous bit (a descriptor has ',c')")
        }
        guard definition.changed[0] else {
            throw LitmusEmitError(message: "\(name): page 0 is not 'changed': there is no old translation to ask about")
        }
        let old = definition.old[0]
        let new = definition.new[0]
        guard old.isValid else {
            throw LitmusEmitError(
                message: "\(name): the old descriptor is INV: there is no old translation to ask about"
            )
        }
        if !new.isValid { return .unmap }
        let sameShift = Set(valid.map(\.outputShift)).count == 1
        let sameWritable = Set(valid.map(\.isWritable)).count == 1
        if !sameShift && sameWritable { return .remap(newShift: new.outputShift) }
        if sameShift && old.isWritable && !new.isWritable && !valid.dropFirst(2).contains(where: \.isWritable) {
            return .writeProtect
        }
        throw LitmusEmitError(
            message: "\(name): only a remap (output changes, permission never does), a write-protect (write "
                + "permission removed, output never changes) or an unmap is written as a litmus test"
        )
    }
}

extension Step {
    /// Whether this is `tlbi-all` (a range TLBI over the whole group of its statement).
    func isWholeGroupTLBI(in definition: SequenceDefinition) -> Bool {
        if case .tlbiAll = definition.statements[statement].kind { return true }
        return false
    }
}
