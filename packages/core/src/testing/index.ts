export { createTestBot, type TestBot, type TestBotOptions } from './create-test-bot.js'
export { createFakeClock, DEFAULT_FAKE_NOW, type FakeClock } from './fake-clock.js'
export { createLogCapture, type LogCapture, type LogRecord } from './log-capture.js'
export { type AdapterOperation, TestAdapter, type TestSentMessage } from './test-adapter.js'
