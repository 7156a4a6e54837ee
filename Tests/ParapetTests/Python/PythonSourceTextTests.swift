import Foundation
import Testing

@testable import ParapetPython

@Suite("Python source decoding")
struct PythonSourceTextTests {
  @Test func utf8AndDeclaredLatin1() {
    #expect(PythonSourceText.decode(Data("x = 'é'\n".utf8)) == "x = 'é'\n")
    let latin1 = Data([0x23, 0x20] + Array("-*- coding: latin-1 -*-\nx = '".utf8) + [0xE9, 0x27, 0x0A])
    #expect(PythonSourceText.declaredEncoding(latin1) == "latin-1")
    #expect(PythonSourceText.decode(latin1) == "# -*- coding: latin-1 -*-\nx = 'é'\n")
    let secondLine = Data(Array("#!/usr/bin/env python\n# vim: set fileencoding=iso_8859_15 :\nx = '".utf8) + [0xA4, 0x27])
    #expect(PythonSourceText.declaredEncoding(secondLine) == "iso-8859-15")
    #expect(PythonSourceText.decode(secondLine) != nil)
  }

  @Test func undeclaredOrUnknownEncodingsAreNotGuessed() {
    let undeclared = Data(Array("x = '".utf8) + [0xE9, 0x27])
    #expect(PythonSourceText.decode(undeclared) == nil)
    #expect(PythonSourceText.decodeForSyntax(undeclared) == nil)
    let koi8 = Data(Array("# coding: koi8-r\nx = '".utf8) + [0xC1, 0x27])
    #expect(PythonSourceText.decode(koi8) == nil)
    // For a syntax check only, a declared 8-bit encoding reads as Latin-1.
    #expect(PythonSourceText.decodeForSyntax(koi8).map { (try? PythonParser.parseModule($0))?.count } == 1)
    // A coding line on line 3 does not count.
    let third = Data(Array("\n\n# coding: latin-1\nx = '".utf8) + [0xE9, 0x27])
    #expect(PythonSourceText.declaredEncoding(third) == nil)
  }
}
